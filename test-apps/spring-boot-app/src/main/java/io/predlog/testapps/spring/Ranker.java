package io.predlog.testapps.spring;

import java.util.Map;

/** Ranks a scored request; the application reaches its implementation only through a JDK dynamic proxy. */
public interface Ranker {

    double rank(Map<String, Object> features);
}
