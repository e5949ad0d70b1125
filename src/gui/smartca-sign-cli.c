/* smartca-sign-cli.c: smartca-certs --sign, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs from handle-local-options, before GTK is initialised: it needs no
 * display. The same context as the app (the store in the user's data
 * folder, --service-url or SMARTCA_BASE_URL, SMARTCA_SP_ID and
 * SMARTCA_SP_PASSWORD or the keyring), the default certificate unless
 * --certificate names one, one SmartcaSignOperation in a main loop.
 */

#include "config.h"

#include "smartca-sign-cli.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "smartca-business.h"
#include "smartca-context.h"
#include "smartca-sign-operation.h"
#include "smartca-x509.h"

/* While waiting for the phone, a line every this many seconds (a terminal
 * gets its line rewritten every second instead) */
#define WAITING_LINE_EVERY 30

typedef struct
{
  GMainLoop            *loop;
  GCancellable         *cancellable;
  SmartcaContext       *context;
  SmartcaSignOperation *operation;
  GError               *error;
  char                 *signed_path;
  gboolean              tty;
  gboolean              line_open; /* a terminal line not ended yet */
  SmartcaSignState      printed_state;
  gint64                printed_left;
} Cli;

static const GOptionEntry sign_options[] = {
  { "sign", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Sign this PDF with the default certificate, without opening a window"), N_("FILE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --sign: where to write the signed copy (default: NAME-signed.pdf beside it)"),
    N_("FILE") },
  { "certificate", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sign: sign with the certificate of this serial number"), N_("SERIAL") },
  /* A string: GApplication drops an int option given as 0 */
  { "page", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sign: put the signature on this page (from 1)"), N_("N") },
  { "rect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sign: the signature's box in points from the page's bottom-left corner"),
    N_("X,Y,W,H") },
  { "invisible", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --sign: a signature that shows nothing on the page"), NULL },
  { "reason", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --sign: the reason for signing"),
    N_("TEXT") },
  { "location", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --sign: where it is signed"),
    N_("TEXT") },
  { "otp", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --sign: the 6-digit code of the authenticator app (business accounts, method 1)"),
    N_("CODE") },
  { NULL }
};

const GOptionEntry *
smartca_sign_cli_get_options (void)
{
  return sign_options;
}

static int
refuse (const char *message)
{
  g_printerr ("smartca-certs: %s\n", message);
  return 1;
}

static gboolean
parse_rect (const char     *text,
            SmartcaPdfRect *rect)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  double        values[4];

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      g_strstrip (parts[i]);
      values[i] = g_ascii_strtod (parts[i], &end);
      if (parts[i][0] == '\0' || end == NULL || *end != '\0' || !isfinite (values[i]))
        return FALSE;
    }
  if (values[2] <= 0 || values[3] <= 0)
    return FALSE;
  rect->x = values[0];
  rect->y = values[1];
  rect->width = values[2];
  rect->height = values[3];
  return TRUE;
}

/* Progress */

static void
end_line (Cli *cli)
{
  if (cli->line_open)
    g_print ("\n");
  cli->line_open = FALSE;
}

static void
progress_cb (SmartcaSignOperation *operation,
             GParamSpec           *pspec,
             gpointer              user_data)
{
  Cli             *cli = user_data;
  SmartcaSignState state = smartca_sign_operation_get_state (operation);
  const char      *text = smartca_sign_operation_get_progress_text (operation);
  gint64           left = 0;

  if (state == SMARTCA_SIGN_STATE_DONE || state == SMARTCA_SIGN_STATE_FAILED ||
      state == SMARTCA_SIGN_STATE_CANCELLED || text[0] == '\0')
    return;

  if (state == SMARTCA_SIGN_STATE_WAITING_FOR_PHONE && state == cli->printed_state)
    {
      gint64 deadline = smartca_sign_operation_get_deadline (operation);

      left = MAX (0, (deadline - g_get_real_time ()) / G_USEC_PER_SEC);
      if (cli->tty)
        {
          g_print ("\r\033[K%s", text);
          fflush (stdout);
          return;
        }
      if (cli->printed_left - left < WAITING_LINE_EVERY)
        return;
    }
  else if (state == SMARTCA_SIGN_STATE_WAITING_FOR_PHONE)
    left = MAX (0, (smartca_sign_operation_get_deadline (operation) - g_get_real_time ()) /
                     G_USEC_PER_SEC);

  end_line (cli);
  if (cli->tty && state == SMARTCA_SIGN_STATE_WAITING_FOR_PHONE)
    {
      g_print ("%s", text);
      fflush (stdout);
      cli->line_open = TRUE;
    }
  else
    g_print ("%s\n", text);
  cli->printed_state = state;
  cli->printed_left = left;
}

/* The steps */

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;

  cli->signed_path = smartca_sign_operation_run_finish (SMARTCA_SIGN_OPERATION (source), result,
                                                        &cli->error);
  g_main_loop_quit (cli->loop);
}

static void
store_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Cli *cli = user_data;

  smartca_context_load_store_finish (SMARTCA_CONTEXT (source), result, &cli->error);
  g_main_loop_quit (cli->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Cli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

static SmartcaCertificate *
find_certificate (SmartcaStore *store,
                  const char   *serial,
                  GError      **error)
{
  GListModel        *certificates = smartca_store_get_certificates (store);
  guint              n = g_list_model_get_n_items (certificates);
  g_autoptr(GString) wanted = g_string_new (NULL);

  if (serial == NULL)
    {
      SmartcaCertificate *certificate = smartca_store_get_default (store);

      if (certificate == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("No certificate is set as the default for signing. Set one in the "
                               "app, or name one with --certificate."));
      return certificate != NULL ? g_object_ref (certificate) : NULL;
    }
  /* As certificate viewers show it too: "54:01:01:…" */
  for (const char *p = serial; *p != '\0'; p++)
    if (*p != ':' && *p != ' ')
      g_string_append_c (wanted, *p);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (certificates, i);

      if (smartca_x509_serials_equal (smartca_certificate_get_serial_number (certificate),
                                      wanted->str))
        return g_steal_pointer (&certificate);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("No certificate with serial number %s is in the list. Add it in the app first."),
               serial);
  return NULL;
}

static int
sign (Cli                  *cli,
      const char           *input,
      GVariantDict         *options,
      const char           *service_url,
      int                   page,
      const SmartcaPdfRect *rect)
{
  g_autoptr(GSettings)          settings = g_settings_new (APP_ID);
  g_autofree char              *store_path = smartca_store_dup_default_path ();
  g_autoptr(SmartcaCertificate) certificate = NULL;
  g_autofree char              *output = NULL, *serial = NULL, *reason = NULL;
  g_autofree char              *location = NULL, *otp = NULL;
  guint                         sigint_id, sigterm_id;

  /* Opening the store would make an empty one, and its folder */
  if (!g_file_test (store_path, G_FILE_TEST_EXISTS))
    return refuse (_("No certificate is in the list yet. Add one in the app first."));

  cli->context = smartca_context_new (NULL, NULL, settings);
  if (service_url != NULL)
    smartca_context_set_url_override (cli->context, service_url);
  smartca_context_load_store_async (cli->context, store_path, NULL, store_loaded_cb, cli);
  g_main_loop_run (cli->loop);
  if (cli->error != NULL)
    return refuse (cli->error->message);

  g_variant_dict_lookup (options, "certificate", "s", &serial);
  certificate = find_certificate (smartca_context_get_store (cli->context), serial, &cli->error);
  if (certificate == NULL)
    return refuse (cli->error->message);

  cli->operation = smartca_sign_operation_new (cli->context, certificate, input);
  if (g_variant_dict_lookup (options, "output", "^ay", &output))
    smartca_sign_operation_set_output_path (cli->operation, output);
  if (g_variant_dict_lookup (options, "reason", "s", &reason))
    smartca_sign_operation_set_reason (cli->operation, reason);
  if (g_variant_dict_lookup (options, "location", "s", &location))
    smartca_sign_operation_set_location (cli->operation, location);
  if (g_variant_dict_lookup (options, "otp", "s", &otp))
    smartca_sign_operation_set_otp (cli->operation, otp);
  smartca_sign_operation_set_page (cli->operation, page);
  smartca_sign_operation_set_rect (cli->operation, rect);
  smartca_sign_operation_set_invisible (cli->operation,
                                        g_variant_dict_contains (options, "invisible"));
  g_signal_connect (cli->operation, "notify::progress-text", G_CALLBACK (progress_cb), cli);

  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, cli);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, cli);
  smartca_sign_operation_run_async (cli->operation, cli->cancellable, signed_cb, cli);
  g_main_loop_run (cli->loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  end_line (cli);
  if (otp != NULL)
    explicit_bzero (otp, strlen (otp));

  if (cli->signed_path == NULL &&
      g_error_matches (cli->error, SMARTCA_BUSINESS_ERROR, SMARTCA_BUSINESS_ERROR_NO_OTP))
    return refuse (_("This certificate signs with a business account that needs the code of the "
                     "authenticator app: add --otp CODE."));
  if (cli->signed_path == NULL &&
      g_error_matches (cli->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return refuse (_("Signing was cancelled: no file was written."));
  if (cli->signed_path == NULL)
    return refuse (cli->error->message);
  /* Translators: %s is the path of the signed copy */
  g_print (_("Signed: %s\n"), cli->signed_path);
  return 0;
}

int
smartca_sign_cli_run (GVariantDict *options,
                      const char   *service_url)
{
  static const char *const companions[] = { "output", "certificate", "page", "rect",
                                            "invisible", "reason", "location", "otp" };
  g_autofree char         *input = NULL;
  g_autofree char         *rect_text = NULL;
  g_autofree char         *page_text = NULL;
  g_autofree char         *otp = NULL;
  SmartcaPdfRect           rect;
  gboolean                 has_rect = FALSE;
  int                      page = 0;
  Cli                      cli = { 0 };
  int                      status;

  if (!g_variant_dict_lookup (options, "sign", "^ay", &input))
    {
      for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
        if (g_variant_dict_contains (options, companions[i]))
          {
            /* Translators: %s is an option such as --output */
            g_autofree char *message = g_strdup_printf (_("--%s is used only with --sign FILE."),
                                                        companions[i]);

            return refuse (message);
          }
      return -1;
    }

  if (input[0] == '\0' || !g_file_test (input, G_FILE_TEST_IS_REGULAR))
    {
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_("%s is not a file that can be read."), input);

      return refuse (message);
    }
  if (g_variant_dict_lookup (options, "page", "s", &page_text))
    {
      guint64 value = 0;

      if (!g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXINT, &value, NULL))
        return refuse (_("--page counts from 1."));
      page = (int) value;
    }
  if (g_variant_dict_lookup (options, "rect", "s", &rect_text))
    {
      if (!parse_rect (rect_text, &rect))
        return refuse (_("--rect takes X,Y,WIDTH,HEIGHT in points, such as 350,40,200,80."));
      has_rect = TRUE;
    }
  if (g_variant_dict_lookup (options, "otp", "s", &otp) && !smartca_totp_is_code (otp))
    {
      explicit_bzero (otp, strlen (otp));
      return refuse (_("--otp takes the 6 digits the authenticator app shows."));
    }
  if (has_rect && g_variant_dict_contains (options, "invisible"))
    return refuse (_("--rect and --invisible cannot be used together."));

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  cli.tty = isatty (STDOUT_FILENO);
  cli.printed_state = SMARTCA_SIGN_STATE_READY;
  status = sign (&cli, input, options, service_url, page - 1, has_rect ? &rect : NULL);

  if (otp != NULL)
    explicit_bzero (otp, strlen (otp));
  g_clear_object (&cli.operation);
  g_clear_object (&cli.context);
  g_clear_object (&cli.cancellable);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_clear_error (&cli.error);
  g_free (cli.signed_path);
  return status;
}
