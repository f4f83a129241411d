package io.predlog.testapps.spring;

import jakarta.annotation.PreDestroy;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exposes the {@link Ranker} as Spring AOP exposes an interface-based bean: a JDK dynamic proxy
 * ({@code jdk.proxyN.$ProxyNN}) whose advice passes every call to a {@link LinearRanker}.
 */
@Configuration
public class RankerConfiguration {

    private final LinearRanker target = new LinearRanker();

    @Bean
    public Ranker ranker() {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setInterfaces(Ranker.class);
        factory.setProxyTargetClass(false);
        factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
        return (Ranker) factory.getProxy(RankerConfiguration.class.getClassLoader());
    }

    @PreDestroy
    void printCalls() {
        System.out.println("calls rank=" + target.calls());
    }
}
