/*
 * A DX native test plugin (C ABI 1): answers tools, methods and hooks the way the WASM echo module does, fails on
 * request, and sleeps or blocks on request so that tests can make a call miss its deadline.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef ECHO_VERSION
#define ECHO_VERSION 1
#endif

const char *dx_plugin_info(void) {
    return "{\"abi\":1,\"name\":\"echo\",\"description\":\"DX native test plugin\"}";
}

static char *copy(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

/* the number after "key": in a flat JSON text, or fallback */
static long number(const char *json, const char *key, long fallback) {
    const char *k = strstr(json, key);
    if (k == NULL) {
        return fallback;
    }
    k = strchr(k + strlen(key), ':');
    return k == NULL ? fallback : strtol(k + 1, NULL, 10);
}

/* the string after "key": in a flat JSON text without escapes, copied into buf; 0 if absent or too long */
static int text(const char *json, const char *key, char *buf, size_t size) {
    const char *k = strstr(json, key);
    if (k == NULL || (k = strchr(k + strlen(key), '"')) == NULL) {
        return 0;
    }
    const char *end = strchr(k + 1, '"');
    if (end == NULL || (size_t) (end - k - 1) >= size) {
        return 0;
    }
    memcpy(buf, k + 1, end - k - 1);
    buf[end - k - 1] = '\0';
    return 1;
}

int dx_plugin_invoke(const char *name, const char *input, char **out) {
    if (strcmp(name, "hook:message.inbound") == 0 || strcmp(name, "hook:tool.before") == 0) {
        if (strstr(input, "\"forbidden\"") != NULL) {
            *out = copy("{\"veto\":true,\"reason\":\"forbidden tool\"}");
        } else {
            *out = copy("{\"veto\":false}");
        }
        return 0;
    }
    /* any tool whose name ends in echo, so that tests can install it under several tool names */
    size_t len = strlen(name);
    if (strncmp(name, "tool:", 5) == 0 && len >= 9 && strcmp(name + len - 4, "echo") == 0) {
        const char *prefix = "{\"content\":\"native echo\",\"details\":";
        char *o = malloc(strlen(prefix) + strlen(input) + 2);
        if (o == NULL) {
            return 1;
        }
        strcpy(o, prefix);
        strcat(o, input);
        strcat(o, "}");
        *out = o;
        return 0;
    }
    if (strcmp(name, "tool:add") == 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "{\"content\":\"%ld\"}", number(input, "\"a\"", 0) + number(input, "\"b\"", 0));
        *out = copy(buf);
        return 0;
    }
    if (strcmp(name, "method:version") == 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "{\"result\":\"native ver=%d\"}", ECHO_VERSION);
        *out = copy(buf);
        return 0;
    }
    if (strcmp(name, "method:fail") == 0) {
        *out = copy("asked to fail");
        return 3;
    }
    if (strcmp(name, "method:sleep") == 0) {
        /* blocks its thread in native code, as a stuck library would; nothing the JVM can interrupt */
        long ms = number(input, "\"ms\"", 1000);
        struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
        while (nanosleep(&t, &t) != 0) {
        }
        *out = copy("{\"result\":\"slept\"}");
        return 0;
    }
    if (strcmp(name, "method:block") == 0) {
        /* stuck in native code until the test creates the file named by "until" (at most 60 s): the test decides
           when the library returns, however slow the machine */
        char path[1024];
        if (!text(input, "\"until\"", path, sizeof path)) {
            *out = copy("method:block needs {\"params\":{\"until\": a file path}}");
            return 4;
        }
        struct timespec t = {0, 2000000L};
        for (int i = 0; i < 30000 && access(path, F_OK) != 0; i++) {
            nanosleep(&t, NULL);
        }
        *out = copy("{\"result\":\"released\"}");
        return 0;
    }
    if (strcmp(name, "method:garbage") == 0) {
        *out = copy("not json");
        return 0;
    }
    *out = copy("no such export");
    return 2;
}

void dx_plugin_free(char *p) {
    free(p);
}
