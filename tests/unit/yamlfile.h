/*
 * yamlfile.h: oms.yaml written to a temporary file and loaded with
 * stderr captured, for the unit tests of the configuration: their
 * messages are checked word for word.  Include after tap.h.
 */
#ifndef OMS_TEST_YAMLFILE_H
#define OMS_TEST_YAMLFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

static char errbuf[1024];	/* what the last load printed */
static const char *errmsg;	/* the same without "oms: PATH:" */

/* Load a file with stderr captured. */
static struct config *
capture(const char *path, int required)
{
	struct config *cf;

	tap_stderr_begin();
	cf = config_load(path, required);
	tap_stderr_end(errbuf, sizeof errbuf);
	errmsg = tap_after_path(errbuf, progname, path);
	return cf;
}

/* Load YAML text, through a file as the tools read it. */
static struct config *
load(const char *yaml)
{
	char path[] = "/tmp/oms-test-yaml.XXXXXX";
	struct config *cf;
	int fd;

	if ((fd = mkstemp(path)) < 0 ||
	    write(fd, yaml, strlen(yaml)) != (ssize_t)strlen(yaml)) {
		perror(path);
		exit(1);
	}
	close(fd);
	cf = capture(path, 1);
	unlink(path);
	return cf;
}

/* "LINE:COL: message" for a file that must not load. */
static const char *
error_of(const char *yaml)
{
	struct config *cf = load(yaml);

	if (cf != NULL) {
		config_free(cf);
		return "(loaded without error)";
	}
	return errmsg;
}

/* Whether a file loads, without a word on stderr. */
static inline int
loads(const char *yaml)
{
	struct config *cf = load(yaml);

	config_free(cf);
	return cf != NULL && errbuf[0] == '\0';
}

#endif
