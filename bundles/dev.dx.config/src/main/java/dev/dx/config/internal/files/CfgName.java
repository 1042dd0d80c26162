package dev.dx.config.internal.files;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which configuration a file in {@code etc/} is: {@code dev.dx.gateway.cfg} is the PID {@code dev.dx.gateway};
 * {@code dev.dx.provider-anthropic.cfg} is the factory configuration {@code anthropic} of {@code dev.dx.provider}.
 *
 * @param fileName   the file name
 * @param pid        the PID, or the factory PID for factory configurations
 * @param name       the factory configuration's name, or {@code null}
 */
public record CfgName(String fileName, String pid, String name) {
    // the PID has no '-', so the first one starts the name; names may hold '-' (plugin ids do: dev.dx.plugin-my-tool)
    private static final Pattern FILE = Pattern.compile(
            "(dev\\.dx\\.[a-z0-9]+(?:\\.[a-z0-9]+)*)(?:-([A-Za-z0-9_.]+(?:-[A-Za-z0-9_.]+)*))?\\.cfg");

    /** @return the name, or {@code null} if the file is not a DX configuration file */
    public static CfgName of(String fileName) {
        Matcher m = FILE.matcher(fileName);
        return m.matches() ? new CfgName(fileName, m.group(1), m.group(2)) : null;
    }

    public boolean factory() {
        return name != null;
    }

    /** @return the configuration PID as ConfigurationAdmin names it ({@code factoryPid~name} for factories) */
    public String configPid() {
        return factory() ? pid + "~" + name : pid;
    }

    /** @return the file name for a configuration PID, the inverse of {@link #of} */
    public static String fileFor(String configPid) {
        int tilde = configPid.indexOf('~');
        return (tilde < 0 ? configPid : configPid.substring(0, tilde) + "-" + configPid.substring(tilde + 1)) + ".cfg";
    }
}
