/* test-sign-cli.c: smartca-certs --sign end to end: the real program, the
 * real store file in its data folder, the SmartCA sandbox over loopback,
 * no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-sign-cli PATH-TO-smartca-certs
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "smartca-business.h"
#include "smartca-sandbox-private.h"
#include "test-sign.h"

static const char     *app;
static SmartcaSandbox *sandbox;
static char           *tmp_dir;
static char           *nss_db;
static char           *docs;
static char           *store_file;

/* pdf_ink's count outside the box, when it does not matter */
static guint ignored;

#define VALID "Signature Validation: Signature is Valid."
#define TRUSTED "Certificate Validation: Certificate is Trusted."
#define SANDBOX_KEY_BYTES "12345678901234567890"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Starts smartca-certs with @args (NULL-terminated) and its data in
 * @data_home, its output in pipes */
static GSubprocess *
spawn_app (const char        *data_home,
           const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray)           argv = g_ptr_array_new ();
  g_autoptr(GError)              error = NULL;
  GSubprocess                   *process;

  g_ptr_array_add (argv, (char *) app);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "SMARTCA_BASE_URL",
                                smartca_sandbox_get_base_url (sandbox), TRUE);
  g_subprocess_launcher_setenv (launcher, "SMARTCA_SP_ID", SMARTCA_SANDBOX_SP_ID, TRUE);
  g_subprocess_launcher_setenv (launcher, "SMARTCA_SP_PASSWORD", SMARTCA_SANDBOX_SP_PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "SMARTCA_POLL_INTERVAL_MS", "20", TRUE);
  /* No display at all: --sign must not need one */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs smartca-certs with @args (NULL-terminated) and its data in
 * @data_home while this process's main loop serves the sandbox */
static void
run_app_in (Run               *run,
            const char        *data_home,
            const char *const *args)
{
  g_autoptr(GSubprocess)  process = spawn_app (data_home, args);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;

  g_subprocess_communicate_utf8_async (process, NULL, NULL, smartca_test_result_cb, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, smartca_test_wait_result (&result),
                                                       &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

static void
run_app (Run               *run,
         const char *const *args)
{
  g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);

  run_app_in (run, data_home, args);
}

static void
assert_refused (const Run  *run,
                const char *reason)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "smartca-certs: "));
  g_assert_true (sign_test_contains (run->err, reason));
  g_assert_null (strstr (run->out, "Signed:"));
}

/* The program left a history entry for the signing of @input into
 * @output, with the file's real SHA-256 */
static void
assert_signed_entry (const char *input,
                     const char *output)
{
  g_autoptr(SmartcaStore)        store = smartca_test_open_store (store_file);
  g_autoptr(SmartcaHistoryEntry) entry = NULL;
  g_autofree char               *sha = sign_test_sha256_of_file (output);

  g_assert_cmpuint (g_list_model_get_n_items (smartca_store_get_history (store)), >, 0);
  entry = g_list_model_get_item (smartca_store_get_history (store), 0);
  g_assert_cmpint (smartca_history_entry_get_outcome (entry), ==, SMARTCA_HISTORY_SIGNED);
  g_assert_cmpstr (smartca_history_entry_get_input_path (entry), ==, input);
  g_assert_cmpstr (smartca_history_entry_get_output_path (entry), ==, output);
  g_assert_cmpstr (smartca_history_entry_get_output_sha256 (entry), ==, sha);
  g_assert_cmpstr (smartca_history_entry_get_serial_number (entry), ==, SIGN_SERIAL_PERSONAL);
  g_assert_nonnull (smartca_history_entry_get_transaction_id (entry));
}

/* The default certificate, the default place: progress lines, "Signed:"
 * with the path, a valid signature */
static void
test_sign_default (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "báo cáo.pdf", 2, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *expected = g_build_filename (docs, "báo cáo-signed.pdf", NULL);
  g_autofree char *signed_line = g_strdup_printf ("Signed: %s\n", expected);
  g_autofree char *out = NULL;
  const char      *args[] = { "--sign", input, NULL };
  g_auto(Run)      run = { 0 };

  run_app (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (sign_test_contains (run.out, "Reading the document…\n"));
  g_assert_true (sign_test_contains (run.out, "Waiting for confirmation on your phone — open the "
                                              "VNPT SmartCA app and confirm ("));
  g_assert_true (sign_test_contains (run.out, " left)\n"));
  g_assert_true (sign_test_contains (run.out, "Writing the signed document…\n"));
  g_assert_true (g_str_has_suffix (run.out, signed_line));
  g_assert_cmpstr (run.err, ==, "");

  out = smartca_test_pdfsig (nss_db, expected);
  g_assert_true (sign_test_contains (out, VALID));
  g_assert_true (sign_test_contains (out, TRUSTED));
  g_assert_true (sign_test_contains (out, "Total document signed"));
  g_assert_true (sign_test_contains (out, "Nguyễn Văn An"));
  assert_signed_entry (input, expected);
}

/* Every option: a named certificate (serial in another case, with
 * colons), output, page, box, reason, location */
static void
test_sign_options (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "options.pdf", 3, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *output = g_build_filename (docs, "out", "chosen.pdf", NULL);
  g_autofree char *out_dir = g_path_get_dirname (output);
  g_autofree char *signed_line = g_strdup_printf ("Signed: %s\n", output);
  g_autofree char *out = NULL;
  const char      *args[] = { "--sign", input, "--output", output,
                              "--certificate", "54:01:01:01:01:23:45:67:89:AB:CD:EF:01:23:45:67",
                              "--page", "2", "--rect", "100,100,200,80",
                              "--reason", "Phê duyệt", "--location", "Hà Nội", NULL };
  g_auto(Run)      run = { 0 };
  guint            inside = 0;

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  run_app (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, signed_line));
  out = smartca_test_pdfsig (nss_db, output);
  g_assert_true (sign_test_contains (out, VALID));
  g_assert_true (smartca_test_pdf_ink (output, 2, 100, 100, 200, 80, &inside, &ignored));
  g_assert_cmpuint (inside, >, 100);
  g_assert_true (smartca_test_pdf_ink (output, 3, 100, 100, 200, 80, &inside, &ignored));
  g_assert_cmpuint (inside, ==, 0);
}

/* A business account set up with method 1: the code from --otp; without
 * it, the reason says that it is needed */
static void
test_business_otp (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "hóa đơn.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *expected = g_build_filename (docs, "hóa đơn-signed.pdf", NULL);
  g_autofree char *otp = g_strdup_printf ("%06u", smartca_sandbox_totp (
                                                    (const guint8 *) SANDBOX_KEY_BYTES,
                                                    strlen (SANDBOX_KEY_BYTES),
                                                    g_get_real_time () / G_USEC_PER_SEC));
  g_autofree char *out = NULL;
  const char      *without[] = { "--sign", input, "--certificate", SIGN_SERIAL_TH, NULL };
  const char      *with[] = { "--sign", input, "--certificate", SIGN_SERIAL_TH, "--otp", otp,
                              NULL };
  g_auto(Run)      refused = { 0 };
  g_auto(Run)      run = { 0 };

  run_app (&refused, without);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_true (g_str_has_prefix (refused.err, "smartca-certs: "));
  g_assert_true (sign_test_contains (refused.err, "add --otp CODE"));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));

  run_app (&run, with);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Waiting for confirmation on your phone"));
  g_assert_true (sign_test_contains (run.out, expected));
  out = smartca_test_pdfsig (nss_db, expected);
  g_assert_true (sign_test_contains (out, VALID));
  g_assert_true (sign_test_contains (out, TRUSTED));
  g_assert_true (sign_test_contains (out, "CÔNG TY TNHH THƯƠNG MẠI ABC"));
}

/* Bad options and failures: exit 1, the reason on stderr, no file */
static void
test_refusals (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "refused.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *missing = g_build_filename (docs, "missing.pdf", NULL);
  g_autofree char *before = sign_test_list_dir (docs);
  g_autofree char *after = NULL;
  const struct
  {
    const char *args[8];
    const char *reason;
  } cases[] = {
    { { "--sign", input, "--page", "0" }, "--page counts from 1" },
    { { "--sign", input, "--page", "-2" }, "--page counts from 1" },
    { { "--sign", input, "--page", "two" }, "--page counts from 1" },
    { { "--sign", input, "--rect", "10,20,30" }, "--rect takes X,Y,WIDTH,HEIGHT" },
    { { "--sign", input, "--rect", "10,20,abc,40" }, "--rect takes" },
    { { "--sign", input, "--otp", "12345" }, "--otp takes the 6 digits" },
    { { "--sign", input, "--otp", "12345a" }, "--otp takes the 6 digits" },
    { { "--sign", missing }, "missing.pdf is not a file that can be read" },
    { { "--output", "x.pdf" }, "--output is used only with --sign" },
    { { "--sign", input, "--certificate", "0badc0de" }, "No certificate with serial number" },
    { { "--sign", input, "--page", "9" }, "9" },
    { { "--sign", input, "--certificate", SIGN_SERIAL_SUSPENDED }, "cannot sign" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_app (&run, cases[i].args);
      assert_refused (&run, cases[i].reason);
    }

  /* The user refuses on the phone */
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_USER_REJECTED);
  {
    const char *args[] = { "--sign", input, NULL };
    g_auto(Run) run = { 0 };

    run_app (&run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_true (g_str_has_prefix (run.err, "smartca-certs: "));
    g_assert_null (strstr (run.out, "Signed:"));
  }
  smartca_sandbox_set_fault (sandbox, SMARTCA_SANDBOX_FAULT_NONE);

  after = sign_test_list_dir (docs);
  g_assert_cmpstr (after, ==, before);
}

/* Before the app was ever used: refused, and the data folder stays empty
 * (no empty certificate list is made as a side effect) */
static void
test_no_store (void)
{
  g_autofree char *input = smartca_test_pdf_make (docs, "first-use.pdf", 1, 0,
                                                  SMARTCA_TEST_PDF_PLAIN);
  g_autofree char *data_home = g_build_filename (tmp_dir, "fresh-data", NULL);
  g_autofree char *created = NULL;
  const char      *args[] = { "--sign", input, NULL };
  g_auto(Run)      run = { 0 };

  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  run_app_in (&run, data_home, args);
  assert_refused (&run, "No certificate");
  g_assert_cmpstr (run.out, ==, "");
  created = sign_test_list_dir (data_home);
  g_assert_cmpstr (created, ==, "");
  g_assert_cmpint (g_remove (input), ==, 0);
}

typedef struct
{
  GDataInputStream *in;
  GString          *out;
  gboolean          waiting; /* the "Waiting for confirmation" line came */
  gboolean          eof;
} Reader;

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reader          *reader = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, NULL);

  if (line == NULL)
    {
      reader->eof = TRUE;
      return;
    }
  g_string_append_printf (reader->out, "%s\n", line);
  if (strstr (line, "Waiting for confirmation") != NULL)
    reader->waiting = TRUE;
  g_data_input_stream_read_line_async (reader->in, G_PRIORITY_DEFAULT, NULL, line_cb, reader);
}

static gboolean
set_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Piped (a log, a wrapper), the progress comes as it happens: the user
 * reads "Waiting for confirmation on your phone" while SmartCA waits.
 * Ctrl+C then: exit 1 with the reason on stderr, no file left behind. */
static void
test_interrupted (void)
{
  g_autofree char        *input = smartca_test_pdf_make (docs, "interrupted.pdf", 1, 0,
                                                         SMARTCA_TEST_PDF_PLAIN);
  g_autofree char        *data_home = g_build_filename (tmp_dir, "data", NULL);
  g_autofree char        *before = sign_test_list_dir (docs);
  g_autofree char        *after = NULL;
  g_autofree char        *err = NULL;
  g_autoptr(GSubprocess)  process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError)       error = NULL;
  const char             *args[] = { "--sign", input, NULL };
  Reader                  reader = { NULL };
  gboolean                timed_out = FALSE;
  guint                   timeout_id;
  gsize                   n_err = 0;
  char                    buffer[4096];

  smartca_sandbox_set_pending_polls (sandbox, 1000000);
  process = spawn_app (data_home, args);
  reader.in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  reader.out = g_string_new (NULL);
  g_data_input_stream_read_line_async (reader.in, G_PRIORITY_DEFAULT, NULL, line_cb, &reader);
  timeout_id = g_timeout_add_seconds (60, set_true_cb, &timed_out);
  while (!reader.waiting && !reader.eof && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  if (!reader.waiting)
    g_subprocess_force_exit (process);
  g_test_message ("stdout so far:\n%s", reader.out->str);
  g_assert_true (reader.waiting);

  g_subprocess_send_signal (process, SIGINT);
  while (!reader.eof)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait_async (process, NULL, smartca_test_result_cb, &result);
  g_assert_true (g_subprocess_wait_finish (process, smartca_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_input_stream_read_all (g_subprocess_get_stderr_pipe (process), buffer,
                                          sizeof buffer - 1, &n_err, NULL, &error));
  buffer[n_err] = '\0';
  err = g_strdup (buffer);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", g_subprocess_get_exit_status (process),
                  reader.out->str, err);
  smartca_sandbox_set_pending_polls (sandbox, 2);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_true (g_str_has_prefix (err, "smartca-certs: "));
  g_assert_true (sign_test_contains (err, "Signing was cancelled: no file was written."));
  g_assert_null (strstr (reader.out->str, "Signed:"));
  after = sign_test_list_dir (docs);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (g_remove (input), ==, 0);
  g_object_unref (reader.in);
  g_string_free (reader.out, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *store_dir = NULL, *nss_dir = NULL;
  int               status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  app = argv[1];

  sandbox = smartca_sandbox_new (0, &error);
  g_assert_no_error (error);
  tmp_dir = g_dir_make_tmp ("smartca-sign-cli-XXXXXX", &error);
  g_assert_no_error (error);
  store_dir = g_build_filename (tmp_dir, "data", APP_ID, NULL);
  g_assert_cmpint (g_mkdir_with_parents (store_dir, 0700), ==, 0);
  store_file = g_build_filename (store_dir, "smartca.db", NULL);
  {
    g_autoptr(SmartcaStore) store = sign_test_fill_store (sandbox, store_file);
    g_autoptr(SmartcaVault) vault = smartca_vault_new ();
    g_autoptr(GAsyncResult) result = NULL;

    /* A business account with method 1: its password in the session's
     * keyring, which the program reads */
    smartca_business_save_async (store, vault, smartca_store_lookup (store, SIGN_SERIAL_TH),
                                 SMARTCA_BUSINESS_METHOD_OTP, SMARTCA_SANDBOX_BUSINESS_PASSWORD,
                                 NULL, NULL, smartca_test_result_cb, &result);
    g_assert_true (smartca_business_save_finish (smartca_test_wait_result (&result), &error));
    g_assert_no_error (error);
  }
  docs = g_build_filename (tmp_dir, "docs", NULL);
  g_assert_cmpint (g_mkdir (docs, 0700), ==, 0);
  nss_dir = g_build_filename (tmp_dir, "nss", NULL);
  g_assert_cmpint (g_mkdir (nss_dir, 0700), ==, 0);
  nss_db = smartca_test_nss_db_new (nss_dir, smartca_sandbox_get_root_der (sandbox), NULL);

  g_test_add_func ("/sign-cli/default", test_sign_default);
  g_test_add_func ("/sign-cli/options", test_sign_options);
  g_test_add_func ("/sign-cli/business-otp", test_business_otp);
  g_test_add_func ("/sign-cli/refusals", test_refusals);
  g_test_add_func ("/sign-cli/no-store", test_no_store);
  g_test_add_func ("/sign-cli/interrupted", test_interrupted);
  status = g_test_run ();

  g_clear_object (&sandbox);
  smartca_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (docs);
  g_free (nss_db);
  g_free (store_file);
  return status;
}
