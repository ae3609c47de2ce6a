package io.bulwark.instrumentation.servlet.jakarta;

import io.bulwark.instrumentation.AdvisedMethods;
import io.bulwark.instrumentation.Candidates;
import io.bulwark.instrumentation.Hook;
import io.bulwark.instrumentation.LibraryInstrumentation;
import io.bulwark.instrumentation.Matcher;
import io.bulwark.instrumentation.MethodInfo;
import io.bulwark.instrumentation.Transformations;
import io.bulwark.instrumentation.servlet.RemotePeer;
import io.bulwark.instrumentation.servlet.ResponseGate;
import io.bulwark.instrumentation.servlet.SeesClass;
import io.bulwark.instrumentation.servlet.ThreadScope;

import static io.bulwark.instrumentation.Hook.Value.ENTERED;
import static io.bulwark.instrumentation.Hook.Value.THIS;
import static io.bulwark.instrumentation.Hook.Value.THROWN;
import static io.bulwark.instrumentation.Hook.Value.argument;
import static io.bulwark.instrumentation.Matchers.declaresMethod;
import static io.bulwark.instrumentation.Matchers.hasSuperType;
import static io.bulwark.instrumentation.Matchers.isAbstract;
import static io.bulwark.instrumentation.Matchers.isInterface;
import static io.bulwark.instrumentation.Matchers.isStatic;
import static io.bulwark.instrumentation.Matchers.named;
import static io.bulwark.instrumentation.Matchers.not;

/**
 * jakarta.servlet containers (Tomcat 10+, Jetty 12 ee10, Undertow servlet...): the first {@code Servlet.service} or
 * {@code Filter.doFilter} a request reaches, in whichever class loader the servlet or filter lives.
 */
public final class JakartaServletInstrumentation implements LibraryInstrumentation {

    /** Helpers by name: loading their classes here would need the servlet API in the agent's loader. */
    private static final String HERE = JakartaServletInstrumentation.class.getPackageName() + ".";
    private static final String API = "jakarta.servlet.";
    private static final AdvisedMethods SERVICE = AdvisedMethods.named("service")
        .taking(API + "ServletRequest", API + "ServletResponse");
    private static final AdvisedMethods DO_FILTER = AdvisedMethods.named("doFilter")
        .taking(API + "ServletRequest", API + "ServletResponse", API + "FilterChain");

    @Override
    public String name() {
        return "jakarta-servlet";
    }

    @Override
    public Candidates candidates() {
        return Candidates.declaring(SERVICE, DO_FILTER);
    }

    @Override
    public Transformations extend(Transformations transformations) {
        Matcher<MethodInfo> service = SERVICE.matcher().and(not(isAbstract()))
            .and(not(isStatic()));
        Matcher<MethodInfo> doFilter = DO_FILTER.matcher().and(not(isAbstract()))
            .and(not(isStatic()));
        String[] helpers = {HERE + "JakartaInbound",
            HERE + "JakartaExchange", HERE + "GuardedResponse", HERE + "GuardedOutputStream",
            HERE + "GuardedWriter", HERE + "AsyncCompletion", ResponseGate.class.getName(),
            ThreadScope.class.getName(), RemotePeer.class.getName()};
        // cheapest first: a method signature in the class's own file rules out nearly every class before the
        // super types are resolved
        SeesClass seesApi = new SeesClass(API + "Servlet");
        // the outermost entry hands the application a guarded response; neither filters nor the servlet run when the
        // agent answered the request itself
        Hook entry = Hook.into(HERE + "JakartaInbound")
            .enter("enter", THIS, argument(0), argument(1))
            .replaceArgument(1, "response", ENTERED, argument(1))
            .skipWhen("answeredByAgent")
            .exit("exit", argument(0), ENTERED, THROWN);
        return transformations
            .type(declaresMethod(service).and(not(isInterface())).and(hasSuperType(API + "Servlet")), seesApi)
            .inject(helpers)
            .hook(service, entry)
            .type(declaresMethod(doFilter).and(not(isInterface())).and(hasSuperType(API + "Filter")), seesApi)
            .inject(helpers)
            .hook(doFilter, entry);
    }
}
