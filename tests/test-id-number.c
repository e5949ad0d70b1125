/* test-id-number.c: which numbers may be sent to SmartCA, and how
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "smartca-id-number.h"

#include <string.h>

typedef struct
{
  const char   *input;
  const char   *normalized;
  SmartcaIdKind kind;
} Valid;

static void
test_valid (void)
{
  static const Valid cases[] = {
    { "001099012345", "001099012345", SMARTCA_ID_KIND_CCCD },
    { "  001099012345\t", "001099012345", SMARTCA_ID_KIND_CCCD },
    { "162952530", "162952530", SMARTCA_ID_KIND_CMND },
    { "0101234567", "0101234567", SMARTCA_ID_KIND_MST },
    { "0312345678-001", "0312345678-001", SMARTCA_ID_KIND_MST_BRANCH },
    { "c1234567", "C1234567", SMARTCA_ID_KIND_PASSPORT },
    { "B7654321", "B7654321", SMARTCA_ID_KIND_PASSPORT },
    { "AB1234567", "AB1234567", SMARTCA_ID_KIND_PASSPORT },
    /* The account suffix SmartCA uses for several accounts under one ID. */
    { "056200002669_002", "056200002669_002", SMARTCA_ID_KIND_CCCD },
    { "162952530_003", "162952530_003", SMARTCA_ID_KIND_CMND },
    { "0101234567_001", "0101234567_001", SMARTCA_ID_KIND_MST },
    { "0312345678-001_002", "0312345678-001_002", SMARTCA_ID_KIND_MST_BRANCH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *normalized = NULL;
      SmartcaIdKind     kind = (SmartcaIdKind) -1;

      g_test_message ("valid: %s", cases[i].input);
      g_assert_true (smartca_id_number_check (cases[i].input, &normalized, &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      g_assert_cmpint (kind, ==, cases[i].kind);
    }
}

static void
test_invalid (void)
{
  static const struct
  {
    const char *input;
    int         code;
  } cases[] = {
    { "", SMARTCA_ID_NUMBER_ERROR_EMPTY },
    { "   ", SMARTCA_ID_NUMBER_ERROR_EMPTY },
    { NULL, SMARTCA_ID_NUMBER_ERROR_EMPTY },
    { "12345", SMARTCA_ID_NUMBER_ERROR_INVALID },         /* too few digits */
    { "00109901234", SMARTCA_ID_NUMBER_ERROR_INVALID },   /* 11 digits */
    { "0010990123456", SMARTCA_ID_NUMBER_ERROR_INVALID }, /* 13 digits */
    { "001 099 012 345", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "0312345678-01", SMARTCA_ID_NUMBER_ERROR_INVALID }, /* branch needs 3 digits */
    { "031234567-001", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "001099012345_2", SMARTCA_ID_NUMBER_ERROR_INVALID }, /* suffix needs 3 digits */
    { "001099012345_", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "001099012345_0a2", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "001099012345_002_003", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "C123", SMARTCA_ID_NUMBER_ERROR_INVALID },     /* passport too short */
    { "PASSPORT", SMARTCA_ID_NUMBER_ERROR_INVALID }, /* no digits */
    { "C12-34567", SMARTCA_ID_NUMBER_ERROR_INVALID },
    { "Đ1234567", SMARTCA_ID_NUMBER_ERROR_INVALID },     /* not ASCII */
    { "0010990123४5", SMARTCA_ID_NUMBER_ERROR_INVALID }, /* not ASCII digits */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char  *normalized = NULL;

      g_test_message ("invalid: %s", cases[i].input != NULL ? cases[i].input : "(null)");
      g_assert_false (smartca_id_number_check (cases[i].input, &normalized, NULL, &error));
      g_assert_error (error, SMARTCA_ID_NUMBER_ERROR, cases[i].code);
      g_assert_null (normalized);
      /* A reason the user can act on, not an empty string. */
      g_assert_cmpuint (strlen (error->message), >, 20);
    }
}

static void
test_digit_count_in_reason (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (smartca_id_number_check ("00109901234", NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "11"));
}

static void
test_serial (void)
{
  g_autofree char  *normalized = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (smartca_serial_number_check ("", &normalized, &error));
  g_assert_null (normalized);
  g_assert_true (smartca_serial_number_check ("   ", &normalized, &error));
  g_assert_null (normalized);

  g_assert_true (smartca_serial_number_check (" 54010101FEDCBA9876543210fedcba98 ", &normalized,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "54010101fedcba9876543210fedcba98");
  g_clear_pointer (&normalized, g_free);

  g_assert_false (smartca_serial_number_check ("5401 0101", &normalized, &error));
  g_assert_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (smartca_serial_number_check ("54010101xyz", &normalized, &error));
  g_assert_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (smartca_serial_number_check ("54:01:01", &normalized, &error));
  g_clear_error (&error);
  g_assert_false (smartca_serial_number_check ("0123456789abcdef0123456789abcdef0123456789", &normalized,
                                               &error));
  g_assert_error (error, SMARTCA_ID_NUMBER_ERROR, SMARTCA_ID_NUMBER_ERROR_INVALID);
  g_assert_null (normalized);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id-number/valid", test_valid);
  g_test_add_func ("/id-number/invalid", test_invalid);
  g_test_add_func ("/id-number/digit-count", test_digit_count_in_reason);
  g_test_add_func ("/serial-number/check", test_serial);

  return g_test_run ();
}
