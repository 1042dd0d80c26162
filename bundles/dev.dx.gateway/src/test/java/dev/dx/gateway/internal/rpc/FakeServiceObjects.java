package dev.dx.gateway.internal.rpc;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import dev.dx.api.rpc.RpcMethod;

/** Stands in for the OSGi framework's service objects (not a DX part) in unit tests of the registry. */
final class FakeServiceObjects implements ComponentServiceObjects<RpcMethod> {
    private static final AtomicInteger IDS = new AtomicInteger(100);
    final RpcMethod method;
    final Hashtable<String, Object> props = new Hashtable<>();
    final AtomicInteger gets = new AtomicInteger();

    FakeServiceObjects(RpcMethod method, Map<String, Object> properties) {
        this.method = method;
        props.putAll(properties);
        props.put(Constants.SERVICE_ID, (long) IDS.incrementAndGet());
    }

    @Override
    public RpcMethod getService() {
        gets.incrementAndGet();
        return method;
    }

    @Override
    public void ungetService(RpcMethod service) {
    }

    @Override
    public ServiceReference<RpcMethod> getServiceReference() {
        return new ServiceReference<>() {
            @Override
            public Object getProperty(String key) {
                return props.get(key);
            }

            @Override
            public String[] getPropertyKeys() {
                return props.keySet().toArray(new String[0]);
            }

            @Override
            public Bundle getBundle() {
                return null;
            }

            @Override
            public Bundle[] getUsingBundles() {
                return null;
            }

            @Override
            public boolean isAssignableTo(Bundle bundle, String className) {
                return true;
            }

            @Override
            public int compareTo(Object reference) {
                return 0;
            }

            @Override
            public java.util.Dictionary<String, Object> getProperties() {
                return props;
            }
        };
    }
}
