package io.bulwark.instrumentation.jdbc;

import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.Transformations;
import io.bulwark.instrumentation.LibraryInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * JDBC, whatever the driver or pool: the database's circuit breaker and call metrics around connecting
 * ({@code Driver.connect}) and executing statements, a fail-fast gate on DataSource checkouts, and the driver's
 * liveness check kept out of the count. Abstract classes are matched too, since proxies and drivers inherit their
 * execute methods from them.
 */
public final class JdbcInstrumentation implements LibraryInstrumentation {

    private static final String CONNECT = "connect";
    private static final String GET_CONNECTION = "getConnection";
    private static final String IS_VALID = "isValid";
    private static final String[] EXECUTE = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
        "executeBatch", "executeLargeBatch"};
    /** The methods that take SQL text, for the request ID comment. */
    private static final String[] PREPARE = {"prepareStatement", "prepareCall"};
    private static final String[] SQL_TEXT = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
        "addBatch"};

    private final boolean requestIdComments;

    /**
     * @param requestIdComments whether SQL text gets the request ID as a leading comment (see {@link SqlComments});
     *                          off, the methods that take SQL are not touched at all
     */
    public JdbcInstrumentation(boolean requestIdComments) {
        this.requestIdComments = requestIdComments;
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Candidates candidates() {
        Candidates advised = Candidates.declaring(CONNECT, GET_CONNECTION, IS_VALID)
            .and(Candidates.declaring(EXECUTE));
        return requestIdComments ? advised.and(Candidates.declaring(PREPARE)).and(Candidates.declaring(SQL_TEXT))
            : advised;
    }

    @Override
    public Transformations extend(Transformations transformations, HelperInjector helpers, ClassLoader agentLoader) {
        AgentBuilder.Transformer helper = helpers.helpers(JdbcCalls.class.getName(), SqlComments.class.getName(),
            ClientServices.class.getName());
        if (requestIdComments) {
            ElementMatcher.Junction<MethodDescription> prepare = namedOneOf(PREPARE)
                .and(takesArgument(0, String.class));
            ElementMatcher.Junction<MethodDescription> sqlText = namedOneOf(SQL_TEXT)
                .and(takesArgument(0, String.class));
            transformations = transformations
                .type(implementing("java.sql.Connection", prepare))
                .transform(helper)
                .transform(advice(agentLoader, prepare, SqlCommentAdvice.class))
                .type(implementing("java.sql.Statement", sqlText))
                .transform(helper)
                .transform(advice(agentLoader, sqlText, SqlCommentAdvice.class));
        }
        ElementMatcher.Junction<MethodDescription> connect = named(CONNECT).and(takesArguments(2))
            .and(takesArgument(0, String.class));
        ElementMatcher.Junction<MethodDescription> getConnection = named(GET_CONNECTION)
            .and(takesArguments(0).or(takesArguments(2)));
        ElementMatcher.Junction<MethodDescription> isValid = named(IS_VALID).and(takesArguments(1));
        ElementMatcher.Junction<MethodDescription> execute = namedOneOf(EXECUTE);
        return transformations
            .type(implementing("java.sql.Driver", connect))
            .transform(helper)
            .transform(advice(agentLoader, connect, DriverConnectAdvice.class))
            .type(implementing("javax.sql.DataSource", getConnection))
            .transform(helper)
            .transform(advice(agentLoader, getConnection, DataSourceGetConnectionAdvice.class))
            .type(implementing("java.sql.Connection", isValid))
            .transform(helper)
            .transform(advice(agentLoader, isValid, ConnectionIsValidAdvice.class))
            .type(implementing("java.sql.Statement", execute))
            .transform(helper)
            .transform(advice(agentLoader, execute, StatementExecuteAdvice.class));
    }

    /**
     * Classes that implement the interface and declare one of the advised methods themselves (advice only applies to
     * a class's own methods). Cheapest first: the JDK's own classes are skipped by name and every other class by
     * its own method list, so that the super types (class files read through the class loader) are resolved only
     * for the few classes that could be JDBC's; a class whose hierarchy cannot be read (an optional dependency
     * missing) is not JDBC's concern and no warning.
     */
    private static ElementMatcher.Junction<TypeDescription> implementing(
        String interfaceName, ElementMatcher.Junction<MethodDescription> advised) {
        return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")))
            .and(not(isInterface()))
            .and(declaresMethod(advised.and(not(isAbstract()))))
            .and(failSafe(hasSuperType(named(interfaceName))));
    }

    private static AgentBuilder.Transformer advice(ClassLoader agentLoader,
                                                   ElementMatcher.Junction<MethodDescription> methods,
                                                   Class<?> adviceClass) {
        return new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(methods.and(not(isAbstract())), adviceClass.getName());
    }
}
