package io.bulwark.instrumentation.servlet.javax;

import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service(ServletRequest, ServletResponse)} and {@code Filter.doFilter(ServletRequest,
 * ServletResponse, FilterChain)} implementations. The application gets the agent's guarded response; when the agent
 * has answered the request itself (a 429, a CORS preflight) the method body is skipped.
 */
public final class ServletEntryAdvice {

    private ServletEntryAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
    public static boolean enter(@Advice.This Object application,
                                @Advice.Argument(0) ServletRequest request,
                                @Advice.Argument(value = 1, readOnly = false) ServletResponse response,
                                @Advice.Local("bulwarkEntered") Object entered) {
        entered = JavaxInbound.enter(application, request, response);
        response = JavaxInbound.response(entered, response);
        return JavaxInbound.answeredByAgent(entered);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Argument(0) ServletRequest request,
                            @Advice.Local("bulwarkEntered") Object entered,
                            @Advice.Thrown Throwable thrown) {
        JavaxInbound.exit(request, entered, thrown);
    }
}
