/* test-sign.h: what the signing tests and benchmark share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-context.h"
#include "smartca-sandbox.h"
#include "smartca-sign-operation.h"
#include "smartca-test-pdf.h"
#include "smartca-test-pki.h"

G_BEGIN_DECLS

/* The sandbox's certificates the tests sign with */
#define SIGN_SERIAL_PERSONAL "540101010123456789abcdef01234567"  /* 001099012345, active */
#define SIGN_SERIAL_EXPIRED "5401010100aa00bb00cc00dd00ee00ff"   /* 001099012345, expired */
#define SIGN_SERIAL_SUSPENDED "5401010100000000000000000000beef" /* 079188000111, "Tạm dừng" */
#define SIGN_SERIAL_TH "540101011111222233334444555566aa"        /* 0101234567, business */
#define SIGN_SERIAL_ESEAL "54010101fedcba9876543210fedcba98"     /* 0101234567 */

/* Looks up, for real, every certificate of the sandbox's personal
 * (001099012345, 079188000111) and business (0101234567) accounts into a
 * new store at @path. The personal active certificate is the default. */
SmartcaStore *sign_test_fill_store (SmartcaSandbox *sandbox,
                                    const char     *path);
/* A context on @store pointed at @sandbox (SMARTCA_SP_ID and
 * SMARTCA_SP_PASSWORD must be set in the environment beforehand) */
SmartcaContext *sign_test_context (SmartcaSandbox *sandbox,
                                   SmartcaStore   *store);
/* The names in @dir, sorted, as "a b c" */
char *sign_test_list_dir (const char *dir);
/* Whether @haystack holds @needle, printing @haystack when not */
gboolean sign_test_contains (const char *haystack,
                             const char *needle);
/* How many times @needle occurs in @haystack */
guint sign_test_count (const char *haystack,
                       const char *needle);

/* SHA-256 of the file at @path, in lower-case hex */
char *sign_test_sha256_of_file (const char *path);

G_END_DECLS
