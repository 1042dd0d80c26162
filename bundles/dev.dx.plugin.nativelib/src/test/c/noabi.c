/* A shared library that is not a DX plugin: it lacks dx_plugin_invoke and dx_plugin_free. */
const char *dx_plugin_info(void) {
    return "{\"abi\":1}";
}
