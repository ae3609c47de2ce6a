package io.bulwark.it.servlet;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts embedded Tomcat with one web application whose classes (under the given web application directory's
 * WEB-INF/classes) are loaded by Tomcat's web-app class loader. Usage: {@code ServletApp <port> <webapp-dir>}.
 */
public final class ServletApp {

    private static final String WEBAPP = "com.example.webapp.";

    private ServletApp() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        // in the working directory the test gives it (under target/), not in the machine's /tmp
        tomcat.setBaseDir(Files.createDirectories(Path.of("tomcat")).toAbsolutePath().toString());
        tomcat.setPort(Integer.parseInt(args[0]));
        tomcat.getConnector();
        Context context = tomcat.addContext("", Path.of(args[1]).toAbsolutePath().toString());
        servlet(context, "HelloServlet", "/hello", "/limited", "/ready");
        servlet(context, "SleepServlet", "/sleep");
        servlet(context, "AsyncServlet", "/async");

        FilterDef filter = new FilterDef();
        filter.setFilterName("log");
        filter.setFilterClass(WEBAPP + "LogFilter");
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("log");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);

        tomcat.start();
        tomcat.getServer().await();
    }

    private static void servlet(Context context, String className, String... paths) {
        Tomcat.addServlet(context, className, WEBAPP + className).setAsyncSupported(true);
        for (String path : paths) {
            context.addServletMappingDecoded(path, className);
        }
    }
}
