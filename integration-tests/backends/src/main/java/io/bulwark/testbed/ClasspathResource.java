package io.bulwark.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the classpath files that the kafka-server and elasticsearch-node modules write into their jars at build
 * time, and locates those jars (or class folders, inside a reactor build).
 */
final class ClasspathResource {

    private ClasspathResource() {
    }

    /** The text of a resource, such as "bulwark/kafka-server.classpath". */
    static String read(String resource) {
        try (InputStream in = url(resource).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The jar file or class folder that holds the resource. */
    static Path origin(String resource) {
        URL url = url(resource);
        try {
            String text = url.toString();
            if (text.startsWith("jar:")) {
                return Path.of(URI.create(text.substring(4, text.indexOf("!/"))));
            }
            Path file = Path.of(url.toURI());
            for (int i = 0; i < resource.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + url, e);
        }
    }

    private static URL url(String resource) {
        URL url = ClasspathResource.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath: build integration-tests first "
                + "(mvn -B -DskipTests install)");
        }
        return url;
    }
}
