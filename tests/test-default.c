/* test-default.c: the default is the certificate that signs — the rule,
 * and the store keeping to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "smartca-store.h"
#include "smartca-test-pki.h"

#define DAY (24 * 60 * 60)

static SmartcaTestPki *pki;

/* dd/MM/yyyy in local time, as the app writes dates */
static char *
date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%d/%m/%Y");
}

static SmartcaCertificate *
issue (const char *serial,
       const char *name,
       gint64      valid_from,
       gint64      valid_to)
{
  g_autofree char *dn = g_strdup_printf ("C=VN,CN=%s,UID=CCCD:0010990000%s", name, serial);
  g_autofree char *id = g_strdup_printf ("0010990000%s", serial);

  return smartca_test_pki_certificate (pki, id, dn, serial, "SMARTCA PERSONAL PRO", valid_from,
                                       valid_to);
}

/* The rule */

static void
test_can_sign_rule (void)
{
  gint64                        t = 1700000000;
  g_autoptr(SmartcaCertificate) c = smartca_certificate_new ("0a");
  g_autofree char              *until = NULL;
  g_autofree char              *from = NULL;
  g_autofree char              *expected = NULL;
  char                         *reason = NULL;

  smartca_certificate_set_validity (c, t - 10 * DAY, t + 10 * DAY);
  smartca_certificate_set_status_text (c, "Đang hoạt động");

  /* Active: within its validity and SmartCA says so. */
  g_assert_true (smartca_certificate_can_sign_at (c, t, &reason));
  g_assert_null (reason);
  g_assert_true (smartca_certificate_can_sign_at (c, t, NULL));

  /* Expired, from the very second its validity ends. */
  until = date (t + 10 * DAY);
  expected = g_strdup_printf ("expired on %s", until);
  g_assert_false (smartca_certificate_can_sign_at (c, t + 10 * DAY, &reason));
  g_assert_cmpstr (reason, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&reason, g_free);

  /* Not yet valid. */
  from = date (t - 10 * DAY);
  expected = g_strdup_printf ("valid only from %s", from);
  g_assert_false (smartca_certificate_can_sign_at (c, t - 11 * DAY, &reason));
  g_assert_cmpstr (reason, ==, expected);
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&reason, g_free);

  /* Suspended, as SmartCA words it (no status code). */
  smartca_certificate_set_status_text (c, "Tạm dừng");
  g_assert_false (smartca_certificate_can_sign_at (c, t, &reason));
  g_assert_cmpstr (reason, ==, "SmartCA reports it as “\u2068Tạm dừng\u2069”");
  g_clear_pointer (&reason, g_free);

  /* SmartCA's words sit in a sentence of ours (the banner, the Detail): on
   * one line, isolated, and unable to reorder the sentence around them. */
  smartca_certificate_set_status_text (c, "Tạm\r\ndừng\u202E.fdp");
  g_assert_false (smartca_certificate_can_sign_at (c, t, &reason));
  g_assert_cmpstr (reason, ==, "SmartCA reports it as “\u2068Tạm  dừng.fdp\u2069”");
  g_clear_pointer (&reason, g_free);

  /* A status code decides over the text: VALID signs, anything else not. */
  smartca_certificate_set_status_code (c, "VALID");
  g_assert_true (smartca_certificate_can_sign_at (c, t, NULL));
  smartca_certificate_set_status_code (c, "REVOKED");
  smartca_certificate_set_status_text (c, NULL);
  g_assert_false (smartca_certificate_can_sign_at (c, t, &reason));
  g_assert_cmpstr (reason, ==, "SmartCA reports it as not active");
  g_clear_pointer (&reason, g_free);

  /* Dates first: an expired certificate is expired whatever its status. */
  smartca_certificate_set_status_code (c, "VALID");
  g_assert_false (smartca_certificate_can_sign_at (c, t + 20 * DAY, &reason));
  g_assert_true (g_str_has_prefix (reason, "expired on "));
  g_free (reason);
}

/* The store */

typedef struct
{
  char         *dir;
  char         *path;
  SmartcaStore *store;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("smartca-default-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "smartca.db", NULL);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->store);
  smartca_test_remove_store_files (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
add (Fixture            *fixture,
     SmartcaCertificate *certificate)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError)    error = NULL;

  g_ptr_array_add (fresh, certificate);
  g_assert_true (smartca_store_upsert (fixture->store, fresh, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_store_refuses (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr(GError)   error = NULL;
  g_autofree char    *until = date (smartca_test_now () - 5 * DAY);
  SmartcaCertificate *active, *expired, *future, *suspended;
  SmartcaCertificate *fresh;

  add (fixture, issue ("01", "Đang Dùng", smartca_test_now () - DAY, smartca_test_now () + 300 * DAY));
  add (fixture, issue ("02", "Hết Hạn", smartca_test_now () - 400 * DAY, smartca_test_now () - 5 * DAY));
  add (fixture, issue ("03", "Chưa Tới", smartca_test_now () + 5 * DAY, smartca_test_now () + 400 * DAY));
  fresh = issue ("04", "Tạm Dừng", smartca_test_now () - DAY, smartca_test_now () + 300 * DAY);
  smartca_certificate_set_status_text (fresh, "Tạm dừng");
  add (fixture, fresh);
  active = smartca_store_lookup (fixture->store, "01");
  expired = smartca_store_lookup (fixture->store, "02");
  future = smartca_store_lookup (fixture->store, "03");
  suspended = smartca_store_lookup (fixture->store, "04");
  g_assert_true (smartca_store_get_default (fixture->store) == active);

  /* Each one that cannot sign is refused, saying which and why. */
  g_assert_false (smartca_store_set_default (fixture->store, expired, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Hết Hạn"));
  g_assert_nonnull (strstr (error->message, until));
  g_clear_error (&error);
  g_assert_false (smartca_store_set_default (fixture->store, future, &error));
  g_assert_error (error, SMARTCA_STORE_ERROR, SMARTCA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (smartca_store_set_default (fixture->store, suspended, &error));
  g_assert_nonnull (strstr (error->message, "Tạm dừng"));
  g_clear_error (&error);
  g_assert_false (smartca_store_set_default (fixture->store, expired, NULL));

  /* Nothing changed, in memory or on disk. */
  g_assert_true (smartca_store_get_default (fixture->store) == active);
  g_assert_false (smartca_certificate_get_is_default (expired));
  g_clear_object (&fixture->store);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, "01"));
}

static void
test_successor_can_sign (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr(GError)   error = NULL;
  SmartcaCertificate *first;

  /* The longest-valid one left is expired: the one that signs wins. */
  add (fixture, issue ("01", "Một", smartca_test_now () - DAY, smartca_test_now () + 100 * DAY));
  add (fixture, issue ("02", "Hết Hạn", smartca_test_now () - 4000 * DAY, smartca_test_now () - DAY));
  add (fixture, issue ("03", "Ba", smartca_test_now () - DAY, smartca_test_now () + 50 * DAY));
  first = smartca_store_lookup (fixture->store, "01");
  g_assert_true (smartca_store_pick_successor (fixture->store, first) ==
                 smartca_store_lookup (fixture->store, "03"));
  g_assert_true (smartca_store_remove (fixture->store, first, &error));
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, "03"));

  /* None left that signs: no default rather than one that cannot. */
  g_assert_null (smartca_store_pick_successor (fixture->store,
                                               smartca_store_lookup (fixture->store, "03")));
}

static void
test_first_added_must_sign (Fixture      *fixture,
                            gconstpointer data)
{
  /* The first one ever added is expired: it is kept, not made the default;
   * the next one that signs is. */
  add (fixture, issue ("01", "Hết Hạn", smartca_test_now () - 400 * DAY, smartca_test_now () - DAY));
  g_assert_null (smartca_store_get_default (fixture->store));
  add (fixture, issue ("02", "Hai", smartca_test_now () - DAY, smartca_test_now () + 100 * DAY));
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, "02"));
}

static void
test_active_again_becomes_default (Fixture      *fixture,
                                   gconstpointer data)
{
  g_autoptr(GError)   error = NULL;
  SmartcaCertificate *suspended = issue ("01", "Tạm Dừng", smartca_test_now () - DAY, smartca_test_now () + 300 * DAY);
  SmartcaCertificate *active_again;

  /* The only certificate is suspended: there is no default. */
  smartca_certificate_set_status_text (suspended, "Tạm dừng");
  add (fixture, suspended);
  g_assert_null (smartca_store_get_default (fixture->store));

  /* A refresh finds it active again: it becomes the default, in memory and
   * on disk, with nothing else to choose from. */
  active_again = issue ("01", "Tạm Dừng", smartca_test_now () - DAY, smartca_test_now () + 300 * DAY);
  smartca_certificate_set_status_text (active_again, "Đang hoạt động");
  add (fixture, active_again);
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, "01"));
  g_assert_true (smartca_certificate_get_is_default (smartca_store_lookup (fixture->store, "01")));
  g_clear_object (&fixture->store);
  fixture->store = smartca_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (smartca_store_get_default (fixture->store) ==
                 smartca_store_lookup (fixture->store, "01"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = smartca_test_pki_new ();

  g_test_add_func ("/default/can-sign-rule", test_can_sign_rule);
  g_test_add ("/default/store-refuses", Fixture, NULL, fixture_set_up, test_store_refuses,
              fixture_tear_down);
  g_test_add ("/default/successor-can-sign", Fixture, NULL, fixture_set_up,
              test_successor_can_sign, fixture_tear_down);
  g_test_add ("/default/first-added-must-sign", Fixture, NULL, fixture_set_up,
              test_first_added_must_sign, fixture_tear_down);
  g_test_add ("/default/active-again-becomes-default", Fixture, NULL, fixture_set_up,
              test_active_again_becomes_default, fixture_tear_down);

  ret = g_test_run ();
  smartca_test_pki_free (pki);
  return ret;
}
