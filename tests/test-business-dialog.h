/* test-business-dialog.h: what the business account's GUI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "smartca-application.h"
#include "smartca-sandbox.h"
#include "smartca-test-pki.h"
#include "smartca-vault.h"

G_BEGIN_DECLS

#define SERIAL_AN "540101010123456789abcdef01234567"
#define SERIAL_ABC "540101011111222233334444555566aa"
#define OTPAUTH_URI                                                                         \
  "otpauth://totp/VNPT%20SmartCA:0101234567?secret=" SMARTCA_SANDBOX_BUSINESS_SECRET_BASE32 \
  "&issuer=VNPT%20SmartCA"

/* "12345678901234567890", the sandbox's key */
#define SANDBOX_KEY_HEX "3132333435363738393031323334353637383930"

extern SmartcaApplication *app;
extern SmartcaTestPki     *pki;
extern SmartcaSandbox     *sandbox;

/* Expected texts, per language the test runs in */
typedef struct
{
  const char *switch_title;
  const char *usage_off;
  const char *usage_method1;
  const char *usage_method2;
  const char *card_method1;
  const char *card_method2;
  const char *dialog_title;
  /* The mnemonics, as each language writes them */
  const char *key_switch;
  const char *key_password;
  const char *key_secret;
  const char *key_save;
  const char *key_change;
  const char *key_turn_off;
  const char *key_qr;
  const char *key_check;
} Texts;

/* Fixture: a personal and a business certificate, the app's window */
typedef struct
{
  char           *path;
  SmartcaStore   *store;
  SmartcaContext *context;
  GtkWidget      *window;
} App;

const Texts *texts (void);
char        *vault_get (SmartcaSecretKind kind, const char *serial);
void         vault_clear (SmartcaSecretKind kind, const char *serial);
char        *stored_key_hex (const char *serial);
void         app_set_up (App *fixture, gconstpointer data);
void         app_tear_down (App *fixture, gconstpointer data);
gboolean     detail_is_open (gpointer data);
gboolean     business_is_open (gpointer data);
gboolean     business_is_closed (gpointer data);
gboolean     check_is_open (gpointer data);
gboolean     check_is_closed (gpointer data);
void         close_check_dialog (void);
gboolean     message_is_open (gpointer data);
gboolean     business_enabled_is (gpointer data);
void         wait_business_enabled (App *fixture, gboolean expected);
GtkWidget   *open_detail (App *fixture, const char *serial);
GtkWidget   *business_dialog (void);
const char  *usage_text (GtkWidget *detail);
gboolean     switch_on (GtkWidget *detail);
const char  *entry_text (GtkWidget *dialog, const char *name);
gboolean     message_shown (gpointer dialog);
gboolean     secret_filled (gpointer dialog);
gboolean     caps_lock_shown (GtkWidget *widget);
gboolean     form_filled (gpointer dialog);
gboolean     shown (GtkWidget *root, const char *name);
GtkWidget   *card_of (App *fixture, const char *serial);
const char  *card_usage (App *fixture, const char *serial);
void         assert_code_shown (GtkWidget *dialog);

/* test-business-detail.c */
void business_detail_tests_add (void);

G_END_DECLS
