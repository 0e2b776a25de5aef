package dev.parley.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.io.File;
import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * Factories for the server's {@link SslContext}. Any {@code SslContext} built for the server side may be passed to
 * {@link ServerOptions.Builder#tls(SslContext)}; these cover the usual cases.
 */
public final class ServerTls {

    private ServerTls() {
    }

    /**
     * Returns a context from PEM files.
     *
     * @param certChain the certificate chain, PEM
     * @param privateKey the PKCS#8 private key, PEM, unencrypted
     * @return the server context
     * @throws SSLException if the files cannot be read or do not match
     */
    public static SslContext fromPem(File certChain, File privateKey) throws SSLException {
        return SslContextBuilder.forServer(certChain, privateKey).build();
    }

    /**
     * Returns a context from a key pair and its certificate chain.
     *
     * @param key the private key's pair
     * @param chain the certificate chain, leaf first
     * @return the server context
     * @throws SSLException if the context cannot be built
     */
    public static SslContext fromKeyPair(KeyPair key, X509Certificate... chain) throws SSLException {
        return SslContextBuilder.forServer(key.getPrivate(), chain).build();
    }

    /**
     * Returns a context with a freshly generated self-signed certificate for {@code CN=localhost}, for tests and
     * quick starts. Requires {@code io.netty:netty-pkitesting} on the class path (an optional dependency).
     *
     * @return the server context
     * @throws SSLException if the certificate cannot be generated
     */
    public static SslContext selfSigned() throws SSLException {
        try {
            io.netty.pkitesting.X509Bundle bundle = new io.netty.pkitesting.CertificateBuilder()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            return fromKeyPair(bundle.getKeyPair(), bundle.getCertificatePath());
        } catch (SSLException e) {
            throw e;
        } catch (Exception | NoClassDefFoundError e) {
            throw new SSLException("cannot generate a self-signed certificate (is netty-pkitesting on the class "
                    + "path?): " + e, e);
        }
    }
}
