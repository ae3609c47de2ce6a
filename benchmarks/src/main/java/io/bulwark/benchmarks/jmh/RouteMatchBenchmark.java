package io.bulwark.benchmarks.jmh;

import io.bulwark.core.http.RouteRules;
import io.bulwark.core.http.RouteTemplates;
import io.undertow.util.PathTemplateMatcher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route matching on every request, with the reference configuration's routes: {@code routeRules} picks the most
 * specific policy route (rate limits and timeouts each do this once per request), {@code routeTemplates} maps a raw
 * path to its metric label. For scale, {@code undertowRouter} is Undertow's own {@link PathTemplateMatcher} over the
 * same templates, the matching the sample service's router already does for every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteMatchBenchmark {

    private static final List<String> TEMPLATES = List.of("/api/v1/auth/token", "/api/v1/transactions",
        "/api/v1/transactions/{id}", "/api/v1/health", "/api/v1/debug/sleep");

    /** A templated path, a literal one, and one no route matches (every pattern is tried). */
    @Param({"/api/v1/transactions/42", "/api/v1/health", "/static/js/app.min.js"})
    public String path;

    private RouteRules<String> rules;
    private RouteTemplates templates;
    private PathTemplateMatcher<String> undertow;

    @Setup
    public void setUp() {
        rules = RouteRules.<String>builder()
            .route("/api/v1/transactions", Set.of(), "transactions")
            .route("/api/v1/auth/token", Set.of(), "token")
            .route("/api/v1/health", Set.of(), "health")
            .fallback("default");
        templates = new RouteTemplates(TEMPLATES);
        undertow = new PathTemplateMatcher<>();
        TEMPLATES.forEach(template -> undertow.add(template, template));
    }

    @Benchmark
    public String routeRules() {
        return rules.match("GET", path);
    }

    @Benchmark
    public String routeTemplates() {
        return templates.endpoint(null, path);
    }

    @Benchmark
    public Object undertowRouter() {
        return undertow.match(path);
    }
}
