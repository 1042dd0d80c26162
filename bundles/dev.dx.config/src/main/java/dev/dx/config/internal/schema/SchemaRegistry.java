package dev.dx.config.internal.schema;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The schema of every configurable DX component, from MetaType: the typed {@code @ObjectClassDefinition}s the
 * components declare are the single source of truth for validation and for {@code config.schema}.
 */
@Component(service = SchemaRegistry.class)
public final class SchemaRegistry implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);

    @Reference
    private MetaTypeService metaType;

    private BundleContext context;
    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    /**
     * A schema found for a PID.
     *
     * @param ocd    the object class definition
     * @param bundle the bundle that declares it
     * @param limits min/max per attribute id, read from the bundle's MetaType XML (the API does not expose them)
     */
    public record Schema(ObjectClassDefinition ocd, String bundle, Map<String, String[]> limits) {
    }

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
        ctx.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        cache.clear();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        cache.clear();
    }

    /** @return the schema for a PID (or factory PID), or {@code null} if no installed bundle declares one */
    public Schema find(String pid, boolean factory) {
        Schema cached = cache.get((factory ? "f:" : "p:") + pid);
        if (cached != null) {
            return cached;
        }
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            MetaTypeInformation mti = metaType.getMetaTypeInformation(b);
            if (mti == null) {
                continue;
            }
            String[] ids = factory ? mti.getFactoryPids() : mti.getPids();
            if (ids != null && java.util.Arrays.asList(ids).contains(pid)) {
                Schema s = new Schema(mti.getObjectClassDefinition(pid, null), b.getSymbolicName(), limits(b, pid));
                cache.put((factory ? "f:" : "p:") + pid, s);
                return s;
            }
        }
        return null;
    }

    /** Reads min/max of each attribute of the OCD designated for {@code pid} from the bundle's MetaType XML. */
    private static Map<String, String[]> limits(Bundle bundle, String pid) {
        Map<String, String[]> result = new HashMap<>();
        Enumeration<URL> files = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        for (URL url : files == null ? Collections.<URL>emptyList() : Collections.list(files)) {
            try (InputStream in = url.openStream()) {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setNamespaceAware(false);
                Document doc = f.newDocumentBuilder().parse(in);
                NodeList designates = doc.getElementsByTagName("Designate");
                String ocdRef = null;
                for (int i = 0; i < designates.getLength(); i++) {
                    Element d = (Element) designates.item(i);
                    if (pid.equals(d.getAttribute("pid")) || pid.equals(d.getAttribute("factoryPid"))) {
                        ocdRef = ((Element) d.getElementsByTagName("Object").item(0)).getAttribute("ocdref");
                    }
                }
                if (ocdRef == null) {
                    continue;
                }
                NodeList ocds = doc.getElementsByTagName("OCD");
                for (int i = 0; i < ocds.getLength(); i++) {
                    Element ocd = (Element) ocds.item(i);
                    if (!ocdRef.equals(ocd.getAttribute("id"))) {
                        continue;
                    }
                    NodeList ads = ocd.getElementsByTagName("AD");
                    for (int j = 0; j < ads.getLength(); j++) {
                        Element ad = (Element) ads.item(j);
                        result.put(ad.getAttribute("id"), new String[] {ad.getAttribute("min"), ad.getAttribute("max")});
                    }
                }
            } catch (Exception e) {
                LOG.debug("Cannot read MetaType {} of {}: {}", url, bundle.getSymbolicName(), e.toString());
            }
        }
        return result;
    }
}
