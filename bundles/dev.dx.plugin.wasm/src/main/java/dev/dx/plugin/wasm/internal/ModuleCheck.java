package dev.dx.plugin.wasm.internal;

import java.util.List;
import java.util.Map;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;

import dev.dx.api.plugin.PluginException;

/**
 * Checks a module against the DX ABI before it is instantiated: the exports the host calls, the only imports it
 * offers (module {@code dx}), one private memory within the page cap.
 */
final class ModuleCheck {
    static final FunctionType ALLOC = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    static final FunctionType FREE = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of());
    static final FunctionType INVOKE = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32),
            List.of(ValType.I64));

    private ModuleCheck() {
    }

    /** @return whether the module exports {@code dx_free} */
    static boolean check(WasmModule m, int capPages, Map<String, FunctionType> hostFunctions) {
        int importedFunctions = 0;
        for (int i = 0; i < m.importSection().importCount(); i++) {
            Import imp = m.importSection().getImport(i);
            String what = imp.module() + "." + imp.name();
            if (!(imp instanceof FunctionImport)) {
                throw invalid("it imports " + what + ", which is not a function; the host offers only functions "
                        + "of module dx");
            }
            FunctionType expected = "dx".equals(imp.module()) ? hostFunctions.get(imp.name()) : null;
            if (expected == null) {
                throw invalid("it imports " + what + "; the host offers only " + String.join(", ",
                        hostFunctions.keySet().stream().map(n -> "dx." + n).sorted().toList()));
            }
            if (!m.typeSection().getType(((FunctionImport) imp).typeIndex()).typesMatch(expected)) {
                throw invalid("it imports " + what + " as " + m.typeSection().getType(((FunctionImport) imp).typeIndex())
                        + "; the host's is " + expected);
            }
            importedFunctions++;
        }
        if (m.memorySection().isEmpty() || m.memorySection().get().memoryCount() != 1) {
            throw invalid("it must define exactly one memory (and export it as \"memory\")");
        }
        MemoryLimits limits = m.memorySection().get().getMemory(0).limits();
        if (limits.shared()) {
            throw invalid("its memory is shared; plugins get a private memory");
        }
        if (limits.initialPages() > capPages) {
            throw new PluginException(PluginException.Code.DENIED, "the module starts with " + limits.initialPages()
                    + " memory pages, more than its cap of " + capPages + " pages (64 KiB each); grant more with "
                    + "memoryMb in its etc/dev.dx.plugin-<id>.cfg");
        }
        boolean memory = false;
        boolean alloc = false;
        boolean invoke = false;
        boolean free = false;
        for (int i = 0; i < m.exportSection().exportCount(); i++) {
            Export e = m.exportSection().getExport(i);
            if (e.name().equals("memory")) {
                memory = e.exportType() == ExternalType.MEMORY;
                continue;
            }
            if (e.exportType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType t = e.index() < importedFunctions ? null
                    : m.functionSection().getFunctionType(e.index() - importedFunctions, m.typeSection());
            switch (e.name()) {
                case "dx_alloc" -> alloc = expect(t, ALLOC, e.name());
                case "dx_invoke" -> invoke = expect(t, INVOKE, e.name());
                case "dx_free" -> free = expect(t, FREE, e.name());
                default -> {
                    // other exports are the plugin's business
                }
            }
        }
        if (!memory || !alloc || !invoke) {
            throw invalid("it must export \"memory\", \"dx_alloc\" (i32) -> i32 and \"dx_invoke\" (i32, i32, i32, i32) "
                    + "-> i64");
        }
        return free;
    }

    private static boolean expect(FunctionType actual, FunctionType expected, String name) {
        if (actual == null || !actual.typesMatch(expected)) {
            throw invalid("its export " + name + " has type " + actual + "; the ABI says " + expected);
        }
        return true;
    }

    static PluginException invalid(String why) {
        return new PluginException(PluginException.Code.INVALID, "not a DX WASM plugin: " + why);
    }
}
