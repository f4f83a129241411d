package io.predlog.testapps.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;

import java.lang.reflect.Proxy;

/**
 * A Spring Boot scoring service run as an executable jar: {@code POST /score} with a JSON object of features
 * scores it with {@link ScoringService} (a bean Spring wraps in a CGLIB subclass, for its {@code @Async} method)
 * and ranks it with a {@link Ranker} reached through a JDK dynamic proxy. At start it prints the classes Spring
 * made of both beans and {@code spring-boot-app listening on <port>}; at shutdown, {@code calls score=<n>} and
 * {@code calls rank=<n>}: how many calls each really received.
 */
@SpringBootApplication
@EnableAsync
public class ScoringApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(ScoringApplication.class, args);
        Object scoring = context.getBean(ScoringService.class);
        Object ranker = context.getBean(Ranker.class);
        System.out.println("scoring bean class: " + scoring.getClass().getName());
        System.out.println("ranker bean class: " + ranker.getClass().getName()
                + " jdk-proxy=" + Proxy.isProxyClass(ranker.getClass()));
        System.out.println("spring-boot-app listening on " + context.getBean(PortListener.class).port());
    }

    /** Takes the port the embedded server got (the configuration asks for any free one). */
    @Component
    static class PortListener implements ApplicationListener<WebServerInitializedEvent> {

        private volatile int port;

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            port = event.getWebServer().getPort();
        }

        int port() {
            return port;
        }
    }
}
