package io.horadus.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseOsLib;

import java.util.Set;

/**
 * Runs a health.lua as Argo CD's sandbox does (util/lua: runLua and ExecuteHealthLua): only the package,
 * base and table libraries and a safe os library (time and date) are open, so a script that needs the
 * string library fails here as it would in Argo CD; the resource is the global {@code obj}, decoded from
 * its JSON with every number a Lua number (float64 in gopher-lua); the chunk must return a table whose
 * status is one of Argo CD's health codes.
 */
final class ArgoCdLua {

    /** Argo CD's health.HealthStatusCode values a script may return. */
    static final Set<String> HEALTH_CODES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

    record Health(String status, String message) {
    }

    private ArgoCdLua() {
    }

    static Health health(String script, JsonNode object) {
        var globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        var os = safeOs();
        globals.set("os", os);
        globals.get("package").get("loaded").set("os", os);
        globals.set("obj", lua(object));
        var result = globals.load(script, "health.lua").call();
        if (!result.istable()) {
            throw new IllegalStateException("health.lua returned " + result.typename() + ", Argo CD expects a table");
        }
        var status = result.get("status");
        if (!status.isstring() || !HEALTH_CODES.contains(status.tojstring())) {
            throw new IllegalStateException("health.lua returned status " + status + ": not one of Argo CD's " + HEALTH_CODES);
        }
        var message = result.get("message");
        return new Health(status.tojstring(), message.isnil() ? "" : message.tojstring());
    }

    /** Argo CD's lifted.OpenSafeOs: os.time and os.date only. */
    private static LuaTable safeOs() {
        var scratch = new Globals();
        scratch.load(new JseBaseLib());
        scratch.load(new PackageLib());
        scratch.load(new JseOsLib());
        var full = scratch.get("os");
        var os = new LuaTable();
        os.set("time", full.get("time"));
        os.set("date", full.get("date"));
        return os;
    }

    /** gopher-lua's decodeValue in Argo CD: objects and arrays become tables, JSON null is nil. */
    static LuaValue lua(JsonNode node) {
        if (node.isObject()) {
            var table = new LuaTable();
            node.fields().forEachRemaining(field -> table.set(field.getKey(), lua(field.getValue())));
            return table;
        }
        if (node.isArray()) {
            var table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, lua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        if (node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        return LuaValue.valueOf(node.asText());
    }
}
