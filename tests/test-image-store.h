/* test-image-store.h: what the signature image store tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-store.h"
#include "smartca-test-image.h"
#include "smartca-test-pki.h"

extern SmartcaTestPki *pki;

typedef struct
{
  char *dir;        /* the test's own folder */
  char *data_dir;   /* the database's folder, created by the store */
  char *path;       /* the database */
  char *images_dir; /* the images folder the store is expected to use */
} Fixture;

void                   fixture_set_up (Fixture      *fixture,
                                       gconstpointer data);
void                   fixture_tear_down (Fixture      *fixture,
                                          gconstpointer data);
GBytes                *picture (guint seed);
SmartcaSignatureImage *import_ok (SmartcaStore *store,
                                  GBytes       *data,
                                  const char   *label,
                                  gboolean     *already_there);
GError                *import_error (SmartcaStore *store,
                                     GBytes       *data);
gint64                 query_int (const char *path,
                                  const char *sql);
char                  *query_text (const char *path,
                                   const char *sql);
int                    raw_exec (const char *path,
                                 const char *sql);
SmartcaCertificate    *add_person (SmartcaStore *store,
                                   const char   *serial,
                                   const char   *name,
                                   const char   *cccd);
guint                  count_files (const char *dir);
gboolean               file_exists (GFile *file);

void test_image_store_edit_add_tests (void);
