package dev.dx.provider.internal.command;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.model.ModelInfo;
import dev.dx.provider.internal.ProviderDirectory;

/** {@code providers:list}: the model providers, whether they work, and their models. */
@Service
@Command(scope = "providers", name = "list", description = "Lists model providers, their state and models")
public final class ListCommand implements Action {
    @Reference
    private ProviderDirectory directory;

    @Override
    public Object execute() {
        List<ProviderDirectory.Entry> all = directory.list();
        if (all.isEmpty()) {
            System.out.println(ProviderDirectory.HOW_TO_CONFIGURE);
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Provider");
        t.column("Type");
        t.column("Source");
        t.column("State").maxSize(60).wrap();
        t.column("Models").maxSize(50).wrap();
        t.column("Calls");
        for (ProviderDirectory.Entry p : all) {
            String models = p.models().isEmpty() ? "(any)"
                    : p.models().stream().map(ModelInfo::id).collect(Collectors.joining(", "));
            t.addRow().addContent(p.id(), p.type(), p.file() != null ? p.file() : p.source(),
                    p.available() ? "ok" : "unavailable: " + p.unavailable(), models, p.usage().getOrDefault("calls", "-"));
        }
        t.print(System.out);
        return null;
    }
}
