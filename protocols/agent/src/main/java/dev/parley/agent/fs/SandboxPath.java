package dev.parley.agent.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A path that a {@link Sandbox} resolved and checked: the virtual POSIX path as the client sees it ({@code /} being
 * the sandbox root, normalised, no {@code .} or {@code ..}) together with the host path it stands for.
 *
 * @param virtualPath the normalised virtual path, always starting with {@code /}
 * @param hostPath    the host path inside the sandbox root
 */
public record SandboxPath(String virtualPath, Path hostPath) {

    /**
     * Checks the components.
     *
     * @param virtualPath the normalised virtual path
     * @param hostPath    the host path
     */
    public SandboxPath {
        Objects.requireNonNull(virtualPath, "virtualPath");
        Objects.requireNonNull(hostPath, "hostPath");
    }

    /**
     * Tells whether this is the sandbox root itself.
     *
     * @return {@code true} for the virtual path {@code /}
     */
    public boolean isRoot() {
        return "/".equals(virtualPath);
    }

    /**
     * Returns the last component of the virtual path.
     *
     * @return the file name, or {@code "/"} for the root
     */
    public String name() {
        return isRoot() ? "/" : virtualPath.substring(virtualPath.lastIndexOf('/') + 1);
    }

    /**
     * Returns the virtual path of the parent directory.
     *
     * @return the parent's virtual path; the root is its own parent
     */
    public String parentVirtualPath() {
        int slash = virtualPath.lastIndexOf('/');
        return slash <= 0 ? "/" : virtualPath.substring(0, slash);
    }

    @Override
    public String toString() {
        return virtualPath;
    }
}
