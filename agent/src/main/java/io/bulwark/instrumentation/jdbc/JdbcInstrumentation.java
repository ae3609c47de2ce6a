package io.bulwark.instrumentation.jdbc;

import io.bulwark.instrumentation.Advices;
import io.bulwark.instrumentation.AdvisedMethods;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.HelperInjector;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Transformations;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.failSafe;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * JDBC, whatever the driver or pool: the database's circuit breaker and call metrics around connecting
 * ({@code Driver.connect}) and executing statements, a fail-fast gate on DataSource checkouts, and the driver's
 * liveness check kept out of the count. Abstract classes are matched too, since proxies and drivers inherit their
 * execute methods from them.
 */
public final class JdbcInstrumentation implements LibraryInstrumentation {

    private static final String SQL = "java.lang.String";
    private static final String CONNECTION = "java.sql.Connection";
    private static final AdvisedMethods CONNECT = AdvisedMethods.named("connect").taking(SQL, "java.util.Properties")
        .returning(CONNECTION);
    private static final AdvisedMethods GET_CONNECTION = AdvisedMethods.named("getConnection").taking()
        .taking(SQL, SQL).returning(CONNECTION);
    private static final AdvisedMethods IS_VALID = AdvisedMethods.named("isValid").taking("int").returning("boolean");
    /** Statement's and PreparedStatement's (no parameters) execute methods; not the drivers' own overloads. */
    private static final AdvisedMethods EXECUTE = AdvisedMethods.named("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch")
        .taking().taking(SQL).taking(SQL, "int").taking(SQL, "int[]").taking(SQL, "java.lang.String[]")
        .returning("boolean", "java.sql.ResultSet", "int", "long", "int[]", "long[]");
    /** The methods that take SQL text, for the request ID comment. */
    private static final AdvisedMethods PREPARE = AdvisedMethods.named("prepareStatement", "prepareCall")
        .takingFirst(SQL).returning("java.sql.PreparedStatement", "java.sql.CallableStatement");
    private static final AdvisedMethods SQL_TEXT = AdvisedMethods.named("execute", "executeQuery", "executeUpdate",
        "executeLargeUpdate", "addBatch").takingFirst(SQL)
        .returning("boolean", "java.sql.ResultSet", "int", "long", "void");

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
        Candidates advised = Candidates.declaring(CONNECT, GET_CONNECTION, IS_VALID, EXECUTE);
        return requestIdComments ? advised.and(Candidates.declaring(PREPARE, SQL_TEXT)) : advised;
    }

    @Override
    public Transformations extend(Transformations transformations, HelperInjector helpers, Advices advice) {
        AgentBuilder.Transformer helper = helpers.helpers(JdbcCalls.class.getName(), SqlComments.class.getName(),
            ClientServices.class.getName());
        if (requestIdComments) {
            ElementMatcher.Junction<MethodDescription> prepare = PREPARE.matcher();
            ElementMatcher.Junction<MethodDescription> sqlText = SQL_TEXT.matcher();
            transformations = transformations
                .type(implementing(CONNECTION, prepare))
                .transform(helper)
                .transform(advice.on(concrete(prepare), SqlCommentAdvice.class.getName()))
                .type(implementing("java.sql.Statement", sqlText))
                .transform(helper)
                .transform(advice.on(concrete(sqlText), SqlCommentAdvice.class.getName()));
        }
        ElementMatcher.Junction<MethodDescription> connect = CONNECT.matcher();
        ElementMatcher.Junction<MethodDescription> getConnection = GET_CONNECTION.matcher();
        ElementMatcher.Junction<MethodDescription> isValid = IS_VALID.matcher();
        ElementMatcher.Junction<MethodDescription> execute = EXECUTE.matcher();
        return transformations
            .type(implementing("java.sql.Driver", connect))
            .transform(helper)
            .transform(advice.on(concrete(connect), DriverConnectAdvice.class.getName()))
            .type(implementing("javax.sql.DataSource", getConnection))
            .transform(helper)
            .transform(advice.on(concrete(getConnection), DataSourceGetConnectionAdvice.class.getName()))
            .type(implementing(CONNECTION, isValid))
            .transform(helper)
            .transform(advice.on(concrete(isValid), ConnectionIsValidAdvice.class.getName()))
            .type(implementing("java.sql.Statement", execute))
            .transform(helper)
            .transform(advice.on(concrete(execute), StatementExecuteAdvice.class.getName()));
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

    private static ElementMatcher.Junction<MethodDescription> concrete(
        ElementMatcher.Junction<MethodDescription> methods) {
        return methods.and(not(isAbstract()));
    }
}
