package io.bulwark.testbed;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo behind run-demo.sh: real backends, then the sample service with the Bulwark agent, then a summary of
 * what to try. Runs until Ctrl-C or SIGTERM, which stop every process it started.
 *
 * <p>{@code INSTANCES=n} (default 1, at most 9) starts n instances of the sample service on PORT, PORT+1...; with
 * {@code RATE_LIMIT_BACKEND=redis} and no {@code RATE_LIMIT_REDIS_URL} their agents share rate limits through the
 * demo's Redis.
 */
public final class DemoStack {

    private static final Pattern AGENT_ENDPOINT = Pattern.compile("endpoint=https?://(\\[[^]]+]|[^\\s:/]+):(\\d+)");
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(90);

    private DemoStack() {
    }

    /** Set when Ctrl-C or SIGTERM starts the JVM's shutdown, whose hooks then stop every process. */
    private static volatile boolean shuttingDown;

    private static final String DEMO_JWT_SECRET = "bulwark-demo-secret-change-me";

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shuttingDown = true, "demo-shutdown-flag"));
        Project project = Project.locate();
        Path demoDirectory = project.resolve("target/demo");
        Stack stack = null;
        JavaProcess service = null;
        List<JavaProcess> others = new ArrayList<>();
        try {
            int instances = instances();
            requireBuilt(project.agentJar(), project.sampleServiceJar(), project.agentConfig());
            int servicePort = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
            for (int port = servicePort; port < servicePort + instances; port++) {
                if (Ports.isListening(port)) {
                    // Otherwise the readiness check below could be answered by whatever already listens there.
                    throw new IOException("port " + port + " is already in use: stop what uses it or set PORT");
                }
            }
            holdDemoLock(project.resolve("target/demo.lock"));
            stack = Stack.fresh(demoDirectory);
            long started = System.nanoTime();
            stack.start();
            service = JavaProcess.builder("sample-service")
                .javaAgent(project.agentJar(), project.agentConfig())
                .jar(project.sampleServiceJar())
                .env(stack.env())
                .env(sharedRateLimitEnv(stack))
                .env("PORT", Integer.toString(servicePort))
                // the service signs its tokens and the agent verifies them (identity.jwt) with the same secret
                .env("JWT_SECRET", System.getenv().getOrDefault("JWT_SECRET", DEMO_JWT_SECRET))
                .workingDirectory(project.root())
                .logFile(demoDirectory.resolve("sample-service.log"))
                .echoTo(System.out)
                .start();
            service.awaitHttpResponse(URI.create("http://127.0.0.1:" + servicePort + "/api/v1/health"),
                SERVICE_START_TIMEOUT);
            AgentEndpoint agent = agentEndpoint(service);
            List<Instance> all = new ArrayList<>(List.of(new Instance(service.pid(), servicePort, agent.port())));
            for (int i = 2; i <= instances; i++) {
                int port = servicePort + i - 1;
                int agentPort = Ports.isListening(agent.port() + i - 1) ? Ports.freePort() : agent.port() + i - 1;
                JavaProcess other = JavaProcess.builder("sample-service-" + i)
                    .javaAgent(project.agentJar(), project.agentConfig())
                    .jar(project.sampleServiceJar())
                    .env(stack.env())
                    .env(sharedRateLimitEnv(stack))
                    .env("PORT", Integer.toString(port))
                    .env("BULWARK_AGENT_PORT", Integer.toString(agentPort))
                    .env("JWT_SECRET", System.getenv().getOrDefault("JWT_SECRET", DEMO_JWT_SECRET))
                    .workingDirectory(project.root())
                    .logFile(demoDirectory.resolve("sample-service-" + i + ".log"))
                    .echoTo(System.out)
                    .start();
                others.add(other);
                other.awaitHttpResponse(URI.create("http://127.0.0.1:" + port + "/api/v1/health"),
                    SERVICE_START_TIMEOUT);
                all.add(new Instance(other.pid(), port, agentPort));
            }
            Path stackFile = demoDirectory.resolve("stack.json");
            Files.writeString(stackFile, stackJson(stack, all));
            Duration startTime = Duration.ofNanos(System.nanoTime() - started);
            printSummary(project, stackFile, stack.env(), servicePort, agent, startTime);
            if (instances > 1) {
                printInstances(all, agent.host());
            }
            int exitCode = service.waitFor(Duration.ofDays(365)).orElse(0);
            if (!shuttingDown) {
                System.out.println("[demo] the sample service exited with code " + exitCode
                    + "; stopping the backends");
                stack.stopAll();
                System.exit(exitCode);
            }
        } catch (Exception e) {
            if (shuttingDown) {
                return;
            }
            System.err.println("[demo] failed: " + e.getMessage());
            if (service != null) {
                service.stop();
            }
            others.forEach(JavaProcess::stop);
            if (stack != null) {
                stack.stopAll();
            }
            System.exit(1);
        }
    }

    private static int instances() throws IOException {
        String value = System.getenv().getOrDefault("INSTANCES", "1").trim();
        if (!value.matches("[1-9]")) {
            throw new IOException("INSTANCES must be a number of sample-service instances from 1 to 9, got '" + value
                + "'");
        }
        return Integer.parseInt(value);
    }

    /** With RATE_LIMIT_BACKEND=redis and no Redis URI given, the agents share their limits in the demo's Redis. */
    private static Map<String, String> sharedRateLimitEnv(Stack stack) {
        String backend = System.getenv().getOrDefault("RATE_LIMIT_BACKEND", "");
        String url = System.getenv().getOrDefault("RATE_LIMIT_REDIS_URL", "");
        return backend.trim().equalsIgnoreCase("redis") && url.isBlank()
            ? Map.of("RATE_LIMIT_REDIS_URL", stack.redis().url())
            : Map.of();
    }

    /** One demo per checkout: a second one would wipe the first one's data directories. Held until exit. */
    private static void holdDemoLock(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.tryLock() == null) {
            channel.close();
            throw new IOException("another demo is already running from " + lockFile.getParent().getParent());
        }
    }

    private static void requireBuilt(Path... files) throws IOException {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: build first (mvn -B -DskipTests install)");
            }
        }
    }

    /** The agent's banner names its endpoint; without it, fall back to BULWARK_AGENT_PORT or the default 9404. */
    private static AgentEndpoint agentEndpoint(JavaProcess service) {
        for (String line : service.lines()) {
            Matcher matcher = AGENT_ENDPOINT.matcher(line);
            if (matcher.find()) {
                String host = matcher.group(1);
                boolean wildcard = host.equals("0.0.0.0") || host.equals("[::]") || host.equals("[0:0:0:0:0:0:0:0]");
                return new AgentEndpoint(wildcard ? "127.0.0.1" : host, Integer.parseInt(matcher.group(2)), true);
            }
        }
        int fallback = Integer.parseInt(Optional.ofNullable(System.getenv("BULWARK_AGENT_PORT")).orElse("9404"));
        return new AgentEndpoint("127.0.0.1", fallback, false);
    }

    /** The instances are listed as sample-service, sample-service-2... with agent, agent-2... */
    private static String stackJson(Stack stack, List<Instance> instances) {
        StringBuilder json = new StringBuilder("{\n");
        for (Backend backend : stack.backends()) {
            json.append(String.format("  \"%s\": {\"pid\": %d, \"port\": %d},%n", backend.name(), backend.pid(),
                backend.port()));
        }
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            String suffix = i == 0 ? "" : "-" + (i + 1);
            json.append(String.format("  \"sample-service%s\": {\"pid\": %d, \"port\": %d},%n", suffix,
                instance.pid(), instance.port()));
            json.append(String.format("  \"agent%s\": {\"port\": %d},%n", suffix, instance.agentPort()));
        }
        String env = stack.env().entrySet().stream()
            .map(entry -> String.format("    \"%s\": \"%s\"", entry.getKey(), entry.getValue()))
            .collect(Collectors.joining(",\n"));
        return json.append("  \"env\": {\n").append(env).append("\n  }\n}\n").toString();
    }

    private static void printSummary(Project project, Path stackFile, Map<String, String> backendEnv,
                                     int servicePort, AgentEndpoint agent, Duration startTime) {
        String service = "http://127.0.0.1:" + servicePort;
        String agentUrl = "http://" + agent.host() + ":" + agent.port();
        StringBuilder text = new StringBuilder();
        text.append(String.format("%n=== Bulwark demo ready in %.0f s ===%n", startTime.toMillis() / 1000.0));
        text.append("  Sample service:   ").append(service).append('\n');
        text.append("  Agent metrics:    ").append(agentUrl).append("/metrics\n");
        text.append("  Agent health:     ").append(agentUrl).append("/health\n");
        if (!agent.fromBanner()) {
            text.append("  (no agent endpoint in the agent's start-up banner: guessed port ").append(agent.port())
                .append(")\n");
        }
        text.append("  Processes, ports: ").append(project.root().relativize(stackFile)).append('\n');
        text.append("  Backends given to the service:\n");
        backendEnv.forEach((name, url) -> text.append("    ").append(name).append('=').append(url).append('\n'));
        text.append("""

            Try:
              TOKEN=$(curl -s -X POST {service}/api/v1/auth/token -H 'Content-Type: application/json' \\
                -d '{"username":"demo","password":"demo"}' | sed -E 's/.*"access_token" *: *"([^"]+)".*/\\1/')
              curl -s -X POST {service}/api/v1/transactions -H "Authorization: Bearer $TOKEN" \\
                -H 'Content-Type: application/json' \\
                -d '{"amount": 12.5, "currency": "USD", "type": "payment", "product": "wallet", "description": "coffee"}'
              curl -s {service}/api/v1/transactions/<id> -H "Authorization: Bearer $TOKEN"
              curl -i -H 'X-Request-ID: my-id' {service}/api/v1/health
              curl -i '{service}/api/v1/debug/sleep?seconds=3'
              curl -i '{service}/api/v1/debug/sleep?seconds=40'    # 504 after the 30 s default (REQUEST_TIMEOUT=2 ./run-demo.sh: 2 s)
              for i in $(seq 11); do curl -s -o /dev/null -w '%{http_code} ' -X POST {service}/api/v1/auth/token; done; echo   # 10/min, then 429
              curl -s {agent}/metrics | grep -E '^(http_|transactions_|rate_limit_)'
              curl -s {agent}/health
            """.replace("{service}", service).replace("{agent}", agentUrl));
        text.append("\nPress Ctrl-C to stop everything.\n");
        System.out.println(text);
    }

    private static void printInstances(List<Instance> instances, String agentHost) {
        StringBuilder text = new StringBuilder("Instances (RATE_LIMIT_BACKEND=")
            .append(System.getenv().getOrDefault("RATE_LIMIT_BACKEND", "local")).append("):\n");
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            text.append(String.format("  sample-service%s: http://127.0.0.1:%d   agent: http://%s:%d%n",
                i == 0 ? "" : "-" + (i + 1), instance.port(), agentHost, instance.agentPort()));
        }
        System.out.println(text);
    }

    private record AgentEndpoint(String host, int port, boolean fromBanner) {
    }

    private record Instance(long pid, int port, int agentPort) {
    }
}
