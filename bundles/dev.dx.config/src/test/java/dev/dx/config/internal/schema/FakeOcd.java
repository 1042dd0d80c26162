package dev.dx.config.internal.schema;

import java.io.InputStream;
import java.util.List;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** A MetaType definition built in a test (stands in for the MetaType service, not a DX part). */
final class FakeOcd implements ObjectClassDefinition {
    private final List<AttributeDefinition> ads;

    FakeOcd(List<AttributeDefinition> ads) {
        this.ads = ads;
    }

    static AttributeDefinition ad(String id, int type, int cardinality, String def, String... options) {
        return new AttributeDefinition() {
            @Override
            public String getName() {
                return id;
            }

            @Override
            public String getID() {
                return id;
            }

            @Override
            public String getDescription() {
                return "the " + id;
            }

            @Override
            public int getCardinality() {
                return cardinality;
            }

            @Override
            public int getType() {
                return type;
            }

            @Override
            public String[] getOptionValues() {
                return options.length == 0 ? null : options;
            }

            @Override
            public String[] getOptionLabels() {
                return getOptionValues();
            }

            @Override
            public String validate(String value) {
                throw new UnsupportedOperationException("DX validates with the MetaType limits itself");
            }

            @Override
            public String[] getDefaultValue() {
                return def == null ? null : new String[] {def};
            }
        };
    }

    @Override
    public String getName() {
        return "Test";
    }

    @Override
    public String getID() {
        return "test";
    }

    @Override
    public String getDescription() {
        return "test";
    }

    @Override
    public AttributeDefinition[] getAttributeDefinitions(int filter) {
        return filter == REQUIRED ? ads.stream().filter(a -> a.getDefaultValue() == null).toArray(AttributeDefinition[]::new)
                : ads.toArray(new AttributeDefinition[0]);
    }

    @Override
    public InputStream getIcon(int size) {
        return null;
    }
}
