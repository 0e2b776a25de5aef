package dev.parley.agent.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecPolicyTest {

    @Test
    void defaultPolicyDisablesExec() {
        ExecPolicy policy = ExecPolicy.builder().build();
        assertFalse(policy.isEnabled());
        assertEquals(ExecPolicy.disabled(), policy);
        assertEquals(ExecPolicy.DEFAULT_TIME_LIMIT, policy.timeLimit());
        assertEquals(ExecPolicy.DEFAULT_OUTPUT_CAP, policy.outputCap());
    }

    @Test
    void allowListMatchesExactNamesOnly() {
        ExecPolicy policy = ExecPolicy.allowing("echo", "./build.sh");
        assertTrue(policy.isEnabled());
        assertTrue(policy.allows("echo"));
        assertTrue(policy.allows("./build.sh"));
        assertFalse(policy.allows("/bin/echo"));
        assertFalse(policy.allows("ECHO"));
        assertFalse(policy.allows("build.sh"));
        assertEquals(List.of("echo", "./build.sh"), List.copyOf(policy.allowedPrograms()));
    }

    @Test
    void toBuilderRoundTrips() {
        ExecPolicy policy = ExecPolicy.builder().allow("sh", "ls").timeLimit(Duration.ofMillis(1500)).outputCap(77)
                .build();
        assertEquals(policy, policy.toBuilder().build());
        ExecPolicy changed = policy.toBuilder().outputCap(78).build();
        assertEquals(78, changed.outputCap());
        assertEquals(policy.allowedPrograms(), changed.allowedPrograms());
        assertEquals(policy.timeLimit(), changed.timeLimit());
    }

    @Test
    void buildRejectsBadLimitsAndNames() {
        assertThrows(IllegalArgumentException.class, () -> ExecPolicy.builder().timeLimit(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> ExecPolicy.builder().timeLimit(Duration.ofSeconds(-1)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecPolicy.builder().outputCap(-1).build());
        assertEquals("outputCap: -1 (expected: >= 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecPolicy.allowing(""));
        assertThrows(IllegalArgumentException.class, () -> ExecPolicy.allowing("s\0h"));
    }
}
