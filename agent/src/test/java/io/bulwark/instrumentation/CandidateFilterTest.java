package io.bulwark.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which class files reach Byte Buddy: only those a library's advice could apply to. */
class CandidateFilterTest {

    private static final ClassLoader APP = CandidateFilterTest.class.getClassLoader();
    private static final Candidates JDBC_LIKE = Candidates.declaring("execute", "executeQuery", "isValid")
        .and(Candidates.named("io.undertow.server.Connectors"));

    static class DeclaresExecuteQuery {
        int executeQuery(String sql) {
            return sql.length();
        }
    }

    /** Long and double constants take two constant pool entries; none of its names is wanted. */
    static class WideConstantsOnly {
        long seconds() {
            return 1_234_567_890_123L;
        }

        double ratio() {
            return 0.123456789;
        }

        String text() {
            return "executeQuery is only a string here, not the whole constant";
        }
    }

    /** The name is a constant of the class (a string here), but no method of the class has it. */
    static class NamesExecuteQueryAsText {
        String query() {
            return "executeQuery";
        }
    }

    /** A field named like an advised method comes first (with a ConstantValue attribute); the method after it. */
    static class FieldThenDeclaredMethod {
        static final long execute = 42L;

        boolean isValid(int timeout) {
            return timeout > execute;
        }
    }

    static class FieldOnly {
        static final long execute = 42L;
    }

    static class CallsIsValid {
        boolean check(java.sql.Connection connection) throws java.sql.SQLException {
            return connection.isValid(1);
        }
    }

    @Test
    void aClassDeclaringAnAdvisedMethodIsACandidate() throws IOException {
        assertTrue(filter().isCandidate(APP, internalName(DeclaresExecuteQuery.class),
            classFile(DeclaresExecuteQuery.class)));
    }

    @Test
    void aClassWithoutAnyOfTheNamesIsNot() throws IOException {
        assertFalse(filter().isCandidate(APP, internalName(WideConstantsOnly.class),
            classFile(WideConstantsOnly.class)));
        assertFalse(filter().isCandidate(APP, internalName(String.class), classFile(String.class)));
    }

    @Test
    void callingOrNamingTheMethodIsNotDeclaringIt() throws IOException {
        // the constant pool also holds the names of the methods a class calls, and its strings
        assertFalse(filter().isCandidate(APP, internalName(CallsIsValid.class), classFile(CallsIsValid.class)));
        assertFalse(filter().isCandidate(APP, internalName(NamesExecuteQueryAsText.class),
            classFile(NamesExecuteQueryAsText.class)));
        assertFalse(filter().isCandidate(APP, internalName(FieldOnly.class), classFile(FieldOnly.class)));
    }

    @Test
    void theMethodTableIsFoundPastFieldsAndTheirAttributes() throws IOException {
        assertTrue(filter().isCandidate(APP, internalName(FieldThenDeclaredMethod.class),
            classFile(FieldThenDeclaredMethod.class)));
    }

    @Test
    void aClassMatchedByNameIsACandidateWhateverItDeclares() throws IOException {
        assertTrue(filter().isCandidate(APP, "io/undertow/server/Connectors", classFile(WideConstantsOnly.class)));
    }

    @Test
    void aClassFileItCannotReadGoesToByteBuddy() throws IOException {
        byte[] classFile = classFile(WideConstantsOnly.class);
        assertTrue(filter().isCandidate(APP, "Truncated", Arrays.copyOf(classFile, classFile.length / 3)));
        byte[] unknownTag = classFile.clone();
        unknownTag[10] = (byte) 99;
        assertTrue(filter().isCandidate(APP, "Odd", unknownTag));
    }

    @Test
    void unnamedClassesAreNeverCandidates() throws IOException {
        assertFalse(filter().isCandidate(APP, null, classFile(DeclaresExecuteQuery.class)));
    }

    @Test
    void theJdksLoadersClassesAreNeverCandidates() throws IOException {
        byte[] declaring = classFile(DeclaresExecuteQuery.class);
        String name = internalName(DeclaresExecuteQuery.class);
        assertFalse(filter().isCandidate(null, name, declaring), "boot loader");
        assertFalse(filter().isCandidate(ClassLoader.getPlatformClassLoader(), name, declaring), "platform loader");
        assertFalse(filter().isCandidate(null, "io/undertow/server/Connectors", declaring), "even when named");
    }

    @Test
    void candidatesReachByteBuddyAndTheOthersAreLeftAlone() throws Exception {
        ResettableClassFileTransformer transformer = filter();
        ClassLoader loader = getClass().getClassLoader();
        byte[] candidate = classFile(DeclaresExecuteQuery.class);
        byte[] changed = transformer.transform(loader, internalName(DeclaresExecuteQuery.class), null, null, candidate);
        assertNotNull(changed, "Byte Buddy's matchers ran on the candidate and it was transformed");
        byte[] other = classFile(WideConstantsOnly.class);
        assertNull(transformer.transform(loader, internalName(WideConstantsOnly.class), null, null, other));
        assertArrayEquals(classFile(WideConstantsOnly.class), other, "left as it was");
    }

    /** Behind the filter, a Byte Buddy transformer that transforms every class it is given. */
    private static CandidateFilter filter() {
        ResettableClassFileTransformer byteBuddy = (ResettableClassFileTransformer) new AgentBuilder.Default()
            .disableClassFormatChanges()
            .ignore(none())
            .type(any())
            .transform((builder, type, loader, module, domain) -> builder)
            .makeRaw();
        return (CandidateFilter) CandidateFilter.of(JDBC_LIKE).decorate(byteBuddy);
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        String resource = "/" + internalName(type) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
