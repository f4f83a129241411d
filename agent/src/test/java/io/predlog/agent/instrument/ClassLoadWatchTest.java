package io.predlog.agent.instrument;

import org.junit.jupiter.api.Test;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ClassLoadWatchTest {

    private static final String WATCHED = "org.example.Span";
    private static final String INTERNAL = "org/example/Span";

    private final ClassLoader appLoader = new URLClassLoader(new URL[0], null);
    private final List<String> heard = new ArrayList<>();

    private Instrumentation loadedClasses(Class<?>... classes) {
        Instrumentation instrumentation = mock(Instrumentation.class);
        when(instrumentation.getAllLoadedClasses()).thenReturn(classes);
        return instrumentation;
    }

    private void listen(ClassLoadWatch watch, String... names) {
        watch.watch(Set.of(names), (name, loader) -> heard.add(name + "@" + (loader == appLoader ? "app" : loader)));
    }

    @Test
    void aClassLoadingWhileTheWatchIsPreparedIsReportedWhenItIsInstalled() {
        Instrumentation instrumentation = loadedClasses(); // not defined yet when the loaded classes are listed
        ClassLoadWatch watch = ClassLoadWatch.listening(instrumentation, Set.of(WATCHED));
        verify(instrumentation).addTransformer(watch, false);

        assertEquals(null, watch.transform(appLoader, INTERNAL, null, null, new byte[0]));
        listen(watch, WATCHED);
        assertEquals(List.of(), heard, "nothing is reported before the watch is installed");

        watch.install(instrumentation);
        assertEquals(List.of(WATCHED + "@app"), heard);
        verify(instrumentation, times(1)).addTransformer(any(), anyBoolean()); // not a second time
        verify(instrumentation, never()).addTransformer(any());
    }

    @Test
    void aWatchInstalledWithoutListeningFirstMissesThatClass() {
        // the race the listening watch closes: the class's loading passed the transformers before this one was
        // added, and it was defined after the loaded classes were listed
        Instrumentation instrumentation = loadedClasses();
        ClassLoadWatch watch = ClassLoadWatch.listening(instrumentation, Set.of());
        listen(watch, WATCHED);
        watch.install(instrumentation);
        verify(instrumentation).addTransformer(watch, false);
        assertEquals(List.of(), heard);
    }

    @Test
    void aClassRememberedAndAlsoListedAsLoadedIsReportedOnce() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(String.class.getName()));
        watch.transform(null, "java/lang/String", null, null, new byte[0]);
        listen(watch, String.class.getName());
        watch.install(loadedClasses(String.class, Integer.class));
        assertEquals(List.of("java.lang.String@null"), heard);
    }

    @Test
    void theSameNameFromAnotherLoaderIsReportedForEach() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(WATCHED));
        watch.transform(appLoader, INTERNAL, null, null, new byte[0]);
        watch.transform(appLoader, INTERNAL, null, null, new byte[0]);
        watch.transform(null, INTERNAL, null, null, new byte[0]);
        listen(watch, WATCHED);
        watch.install(loadedClasses());
        assertEquals(List.of(WATCHED + "@app", WATCHED + "@null"), heard);
    }

    @Test
    void afterInstallLoadsAreReportedAsTheyHappenAndOtherNamesAreIgnored() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(WATCHED));
        listen(watch, WATCHED, "org.example.Late");
        watch.install(loadedClasses());
        watch.transform(appLoader, INTERNAL, null, null, new byte[0]);
        watch.transform(appLoader, "org/example/Late", null, null, new byte[0]);
        watch.transform(appLoader, "org/example/Other", null, null, new byte[0]);
        watch.transform(appLoader, INTERNAL, String.class, null, new byte[0]); // a redefinition is no load
        assertEquals(List.of(WATCHED + "@app", "org.example.Late@app"), heard);
    }

    @Test
    void namesWatchedOnlyLaterRelyOnTheLoadedClasses() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(WATCHED));
        watch.transform(null, "java/lang/String", null, null, new byte[0]); // not a name listened for early
        listen(watch, String.class.getName());
        watch.install(loadedClasses(String.class));
        assertEquals(List.of("java.lang.String@null"), heard);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersNorTheLoad() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(WATCHED));
        watch.watch(Set.of(WATCHED), (name, loader) -> {
            throw new IllegalStateException("listener failed");
        });
        listen(watch, WATCHED);
        watch.install(loadedClasses());
        assertEquals(null, watch.transform(appLoader, INTERNAL, null, null, new byte[0]));
        assertEquals(List.of(WATCHED + "@app"), heard);
    }

    @Test
    void withNothingWatchedTheTransformerIsRemoved() {
        Instrumentation instrumentation = loadedClasses();
        ClassLoadWatch watch = ClassLoadWatch.listening(instrumentation, Set.of(WATCHED));
        watch.install(instrumentation);
        verify(instrumentation).removeTransformer(watch);

        Instrumentation none = loadedClasses();
        ClassLoadWatch nothing = ClassLoadWatch.listening(none, Set.of());
        nothing.install(none);
        verify(none, never()).addTransformer(any(), anyBoolean());
        verify(none, never()).removeTransformer(any());
    }

    @Test
    void rememberedLoadsAreBounded() {
        ClassLoadWatch watch = ClassLoadWatch.listening(mock(Instrumentation.class), Set.of(WATCHED));
        for (int i = 0; i < ClassLoadWatch.MAX_REMEMBERED + 10; i++) {
            watch.transform(new URLClassLoader(new URL[0], null), INTERNAL, null, null, new byte[0]);
        }
        listen(watch, WATCHED);
        watch.install(loadedClasses());
        assertEquals(ClassLoadWatch.MAX_REMEMBERED, heard.size());
    }
}
