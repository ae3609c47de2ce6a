package io.bulwark.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
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

    interface DeclaresExecuteAbstractly {
        int execute(String sql);
    }

    abstract static class AbstractExecute {
        abstract int execute(String sql);
    }

    abstract static class AbstractClassWithConcreteExecute {
        int execute(String sql) {
            return sql.length();
        }
    }

    @Test
    void onlyAConcreteMethodOfAClassCounts() throws IOException {
        // advice goes into method bodies: an interface's or an abstract method has none to advise
        assertFalse(filter().isCandidate(APP, internalName(DeclaresExecuteAbstractly.class),
            classFile(DeclaresExecuteAbstractly.class)), "interface");
        assertFalse(filter().isCandidate(APP, internalName(AbstractExecute.class), classFile(AbstractExecute.class)),
            "abstract method");
        assertTrue(filter().isCandidate(APP, internalName(AbstractClassWithConcreteExecute.class),
            classFile(AbstractClassWithConcreteExecute.class)), "abstract class, concrete method");
    }

    @Test
    void theAgentsOwnClassesAreNeverCandidates() throws IOException {
        assertFalse(filter().isCandidate(APP, DeclaresExecuteQuery.class.getName().replace('.', '/'),
            classFile(DeclaresExecuteQuery.class)));
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

    private static CandidateFilter filter() {
        return new CandidateFilter(JDBC_LIKE);
    }

    /** As if the class were the application's: the agent's own classes (this test's) are never candidates. */
    private static String internalName(Class<?> type) {
        return "com/example/" + type.getSimpleName();
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
