/* test-entry.h: what test-open-document.c and test-history-page.c share — a
 * store of three certificates in a real SQLite file and the app's window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-application.h"
#include "smartca-history.h"
#include "smartca-test-gui.h"
#include "smartca-test-pki.h"
#include "smartca-window.h"

G_BEGIN_DECLS

#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_DAO "5401010100000000000000000000beef"
#define SERIAL_OLD "5401010100000000000000000000dead"
#define NAME_AN "Nguyễn Văn An"
#define NAME_DAO "Trần Thị Bích Đào"

extern SmartcaApplication *app;
extern SmartcaTestPki     *pki;

typedef struct
{
  char           *path;
  char           *dir; /* a folder for documents */
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} Fixture;

/* An (default, can sign), Đào (can sign), an expired one; the window shown */
void fixture_set_up (Fixture      *fixture,
                     gconstpointer data);
void fixture_tear_down (Fixture      *fixture,
                        gconstpointer data);
/* A real PDF of one page in the fixture's folder; its path */
char *fixture_make_pdf (Fixture    *fixture,
                        const char *name);
/* Destroys every window but the fixture's */
void close_other_windows (Fixture *fixture);

G_END_DECLS
