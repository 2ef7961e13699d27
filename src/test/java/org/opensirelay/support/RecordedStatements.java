package org.opensirelay.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Records the prepared statements the relay runs, with the parameters of their first execution,
 * while {@link #recording} is on: the statements as they really are, for a test that asks the
 * database how it plans each one. A bean post-processor that wraps the DataSource: a test imports it
 * ({@code @Import(RecordedStatements.class)}, or as a source of its application); it is no component,
 * so no other test's context scans it in.
 */
public final class RecordedStatements implements BeanPostProcessor {

    /** A statement's text and the parameters it first ran with, by position (1-based). */
    public record Statement(String sql, Map<Integer, Object> parameters) {}

    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final Map<String, Statement> statements = new LinkedHashMap<>();
    /** While recording: how many times each statement text ran. */
    private final Map<String, Integer> executions = new LinkedHashMap<>();

    public void start() {
        synchronized (statements) {
            statements.clear();
            executions.clear();
        }
        recording.set(true);
    }

    public Map<String, Statement> stop() {
        recording.set(false);
        synchronized (statements) {
            return new LinkedHashMap<>(statements);
        }
    }

    /** How many statements ran while recording whose text {@code sql} accepts (a batch counts once). */
    public int executions(Predicate<String> sql) {
        synchronized (statements) {
            return executions.entrySet().stream()
                    .filter(e -> sql.test(e.getKey()))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }
    }

    /** Prepared statements executed since the DataSource was wrapped, recording or not (a batch counts once). */
    public int roundTrips() {
        return roundTrips.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
            return proxy(DataSource.class, dataSource, (target, method, args) -> {
                Object result = invoke(target, method, args);
                return result instanceof Connection connection ? connection(connection) : result;
            });
        }
        return bean;
    }

    private Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement statement
                    && method.getName().equals("prepareStatement")) {
                return statement((String) args[0], statement);
            }
            return result;
        });
    }

    private PreparedStatement statement(String sql, PreparedStatement statement) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return proxy(PreparedStatement.class, statement, (target, method, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                roundTrips.incrementAndGet();
                if (recording.get()) {
                    synchronized (statements) {
                        executions.merge(sql, 1, Integer::sum);
                    }
                }
            }
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, args[1]);
            } else if ((name.startsWith("execute") || name.equals("addBatch"))
                    && (args == null || args.length == 0)
                    && recording.get()) {
                synchronized (statements) {
                    statements.putIfAbsent(sql, new Statement(sql, new TreeMap<>(parameters)));
                }
            }
            return invoke(target, method, args);
        });
    }

    private interface Call<T> {
        Object invoke(T target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler handler = (proxy, method, args) -> call.invoke(target, method, args);
        return (T) Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
