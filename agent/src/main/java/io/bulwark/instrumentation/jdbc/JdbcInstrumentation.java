package io.bulwark.instrumentation.jdbc;

import io.bulwark.instrumentation.AdvisedMethods;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.ClientServices;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Matcher;
import io.bulwark.instrumentation.MethodInfo;
import io.bulwark.instrumentation.Transformations;
import io.bulwark.instrumentation.TypeInfo;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.METHOD_NAME;
import static io.bulwark.instrumentation.Hook.Value.RETURNED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Matchers.declaresMethod;
import static io.bulwark.instrumentation.Matchers.hasSuperType;
import static io.bulwark.instrumentation.Matchers.isAbstract;
import static io.bulwark.instrumentation.Matchers.isInterface;
import static io.bulwark.instrumentation.Matchers.nameStartsWith;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.not;

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
    public Transformations extend(Transformations transformations) {
        String[] helpers = {JdbcCalls.class.getName(), SqlComments.class.getName(), ClientServices.class.getName()};
        String calls = JdbcCalls.class.getName();
        if (requestIdComments) {
            Matcher<MethodInfo> prepare = PREPARE.matcher();
            Matcher<MethodInfo> sqlText = SQL_TEXT.matcher();
            Hook comment = Hook.into(SqlComments.class.getName()).replaceArgument(0, "commented", argument(0));
            transformations = transformations
                .type(implementing(CONNECTION, prepare))
                .inject(helpers)
                .hook(concrete(prepare), comment)
                .type(implementing("java.sql.Statement", sqlText))
                .inject(helpers)
                .hook(concrete(sqlText), comment);
        }
        // a refused call (breaker open, deadline passed) is skipped and throws the driver's own "cannot connect"
        Hook connect = Hook.into(calls).enter("enterConnect", THIS, argument(0)).skipWhen("refuses")
            .exitReplacingThrown("exit", ENTERED, THROWN);
        Hook checkout = Hook.into(calls).enter("checkout", THIS).skipWhen("refuses")
            .exitReplacingThrown("checkedOut", THIS, ENTERED, RETURNED, THROWN);
        Hook unrecorded = Hook.into(calls).enter("enterUnrecorded").exit("exitUnrecorded");
        Hook statement = Hook.into(calls).enter("enterStatement", THIS, METHOD_NAME).skipWhen("refuses")
            .exitReplacingThrown("exit", ENTERED, THROWN);
        return transformations
            .type(implementing("java.sql.Driver", CONNECT.matcher()))
            .inject(helpers)
            .hook(concrete(CONNECT.matcher()), connect)
            .type(implementing("javax.sql.DataSource", GET_CONNECTION.matcher()))
            .inject(helpers)
            .hook(concrete(GET_CONNECTION.matcher()), checkout)
            .type(implementing(CONNECTION, IS_VALID.matcher()))
            .inject(helpers)
            .hook(concrete(IS_VALID.matcher()), unrecorded)
            .type(implementing("java.sql.Statement", EXECUTE.matcher()))
            .inject(helpers)
            .hook(concrete(EXECUTE.matcher()), statement);
    }

    /**
     * Classes that implement the interface and declare one of the advised methods themselves (hooks only go into
     * a class's own methods). Cheapest first: the JDK's own classes are skipped by name and every other class by
     * its own method list, so that the super types (class files read through the class loader) are resolved only
     * for the few classes that could be JDBC's; a super type that cannot be read (an optional dependency missing)
     * counts as none, so such a class is not JDBC's concern and no warning.
     */
    private static Matcher<TypeInfo> implementing(String interfaceName, Matcher<MethodInfo> advised) {
        return not(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")))
            .and(not(isInterface()))
            .and(declaresMethod(advised.and(not(isAbstract()))))
            .and(hasSuperType(interfaceName));
    }

    private static Matcher<MethodInfo> concrete(Matcher<MethodInfo> methods) {
        return methods.and(not(isAbstract()));
    }
}
