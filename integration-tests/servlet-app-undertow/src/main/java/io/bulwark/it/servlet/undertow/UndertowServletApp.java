package io.bulwark.it.servlet.undertow;

import com.example.undertowapp.HelloServlet;
import com.example.undertowapp.LogFilter;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.DispatcherType;

/** Serves a servlet behind a filter from Undertow's servlet container. Usage: {@code UndertowServletApp <port>}. */
public final class UndertowServletApp {

    private UndertowServletApp() {
    }

    public static void main(String[] args) throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
            .setClassLoader(UndertowServletApp.class.getClassLoader())
            .setContextPath("/")
            .setDeploymentName("servlet-app")
            .addServlet(Servlets.servlet("hello", HelloServlet.class).addMapping("/hello").addMapping("/ready"))
            .addFilter(Servlets.filter("log", LogFilter.class))
            .addFilterUrlMapping("log", "/*", DispatcherType.REQUEST);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow.builder()
            .addHttpListener(Integer.parseInt(args[0]), "127.0.0.1")
            .setHandler(manager.start())
            .build()
            .start();
    }
}
