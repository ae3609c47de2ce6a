package io.bulwark.it;

import io.bulwark.testbed.Project;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * ElasticsearchRestClientBreakerIT with elasticsearch-java 8.x (copied to target/elasticsearch-java-8 by the build)
 * in place of the 9.x client: the same application against the same Elasticsearch 9 node, which accepts the 8.x
 * client's compatible-with=8 requests. The breaker must open on the paused node and then fail calls at once with the
 * transport's ConnectException, sync and async, exactly as with 9.x.
 */
class ElasticsearchJava8BreakerIT extends ElasticsearchRestClientBreakerIT {

    @Override
    String expectedClientJar() {
        return "elasticsearch-java-8.";
    }

    @Override
    String classpath() {
        Path jar = java8ClientJar();
        List<String> entries = Arrays.stream(super.classpath().split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("elasticsearch-java-"))
            .collect(Collectors.toList());
        entries.add(0, jar.toString());
        return String.join(File.pathSeparator, entries);
    }

    private static Path java8ClientJar() {
        Path directory = Project.locate().resolve("integration-tests/tests/target/elasticsearch-java-8");
        try (Stream<Path> jars = Files.list(directory)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("elasticsearch-java-8."))
                .findFirst().orElseThrow(() -> new IllegalStateException("no elasticsearch-java 8.x in " + directory));
        } catch (IOException e) {
            throw new IllegalStateException("run the build first: " + directory + " is missing", e);
        }
    }
}
