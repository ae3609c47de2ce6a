package io.bulwark.instrumentation.jdbc;

import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.failSafe;
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
    public AgentBuilder extend(AgentBuilder builder, HelperInjector helpers, ClassLoader agentLoader) {
        AgentBuilder.Transformer helper = helpers.helpers(JdbcCalls.class.getName(), SqlComments.class.getName());
        if (requestIdComments) {
            builder = builder
                .type(implementing("java.sql.Connection"))
                .transform(helper)
                .transform(advice(agentLoader, namedOneOf("prepareStatement", "prepareCall")
                    .and(takesArgument(0, String.class)), SqlCommentAdvice.class))
                .type(implementing("java.sql.Statement"))
                .transform(helper)
                .transform(advice(agentLoader, namedOneOf("execute", "executeQuery", "executeUpdate",
                    "executeLargeUpdate", "addBatch").and(takesArgument(0, String.class)), SqlCommentAdvice.class));
        }
        return builder
            .type(implementing("java.sql.Driver"))
            .transform(helper)
            .transform(advice(agentLoader, named("connect").and(takesArguments(2)).and(takesArgument(0, String.class)),
                DriverConnectAdvice.class))
            .type(implementing("javax.sql.DataSource"))
            .transform(helper)
            .transform(advice(agentLoader, named("getConnection").and(takesArguments(0).or(takesArguments(2))),
                DataSourceGetConnectionAdvice.class))
            .type(implementing("java.sql.Connection"))
            .transform(helper)
            .transform(advice(agentLoader, named("isValid").and(takesArguments(1)), ConnectionIsValidAdvice.class))
            .type(implementing("java.sql.Statement"))
            .transform(helper)
            .transform(advice(agentLoader, namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
                "executeBatch", "executeLargeBatch"), StatementExecuteAdvice.class));
    }

    /**
     * Classes that implement the interface. The JDK's own are skipped by name before their hierarchy is read; a
     * class whose hierarchy cannot be read (an optional dependency missing) is not JDBC's concern and no warning.
     */
    private static ElementMatcher.Junction<TypeDescription> implementing(String interfaceName) {
        return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")))
            .and(not(isInterface()))
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
