/* A plugin built for a C ABI this runtime does not speak. */
#include <stdlib.h>

const char *dx_plugin_info(void) {
    return "{\"abi\":99}";
}

int dx_plugin_invoke(const char *name, const char *input, char **out) {
    (void) name;
    (void) input;
    *out = NULL;
    return 1;
}

void dx_plugin_free(char *p) {
    free(p);
}
