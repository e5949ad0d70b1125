/* smartca-check-dialog.c: "Check Account", a test signature through the
 * business (TH) flow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One small window, three pages: the OTP prompt (method 1 only), progress
 * with Cancel, and the result. Every step runs with its own GCancellable:
 * Cancel (or closing the window) cancels it and the step's answer, whenever
 * it comes, is dropped, so a late answer can neither crash nor overwrite
 * "Check cancelled". Each page that appears is announced to screen readers:
 * its alert is hidden and shown again with the new text, which AT-SPI
 * reports as a notification that just appeared, and focus moves to what one
 * can do next.
 */

#include "config.h"

#include "smartca-check-dialog.h"
#include "smartca-business.h"
#include "smartca-text.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SmartcaCheckDialog
{
  AdwWindow parent_instance;

  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  SmartcaClient      *client;      /* the last one prepared, for the clock hint */
  GCancellable       *cancellable; /* the step under way; NULL when none is */
  char               *password;    /* wiped when freed */
  SmartcaTotpKey     *key;         /* method 2; NULL for method 1 */
  gboolean            saved;       /* the secrets come from the keyring */
  gboolean            loaded;      /* … and have been read */

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *otp_page;
  GtkEditable    *otp_entry;
  GtkLabel       *otp_reason_label;
  GtkWidget      *check_button;
  GtkSpinner     *spinner;
  GtkLabel       *progress_label;
  GtkWidget      *cancel_button;
  AdwStatusPage  *result_page;
  GtkWidget      *again_button;
  GtkWidget      *close_button;
};

G_DEFINE_FINAL_TYPE (SmartcaCheckDialog, smartca_check_dialog, ADW_TYPE_WINDOW)

/* One step under way: its answer counts only while its cancellable stands.
 * It does not keep the window alive: closing the window disposes of it,
 * which cancels the step. */
typedef struct
{
  GWeakRef      self;
  GCancellable *cancellable;
  char         *otp; /* method 1: the code as typed, until it is sent */
} Step;

static void
step_free (Step *step)
{
  g_weak_ref_clear (&step->self);
  g_clear_object (&step->cancellable);
  smartca_secret_wipe (&step->otp);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static Step *
step_new (SmartcaCheckDialog *self)
{
  Step *step = g_new0 (Step, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_weak_ref_init (&step->self, self);
  step->cancellable = g_object_ref (self->cancellable);
  return step;
}

/* The dialog, when the step's answer is still wanted (not cancelled, the
 * window still there); NULL otherwise. */
static SmartcaCheckDialog *
step_dup_dialog (Step *step)
{
  if (g_cancellable_is_cancelled (step->cancellable))
    return NULL;
  return g_weak_ref_get (&step->self);
}

/* The step has answered: nothing is under way any more. */
static void
step_done (SmartcaCheckDialog *self,
           Step               *step)
{
  if (self->cancellable == step->cancellable)
    g_clear_object (&self->cancellable);
}

static gboolean
is_method_1 (SmartcaCheckDialog *self)
{
  return self->key == NULL;
}

/* Pages */

/* Hiding the alert and showing it again with its new text is what AT-SPI
 * reports as an alert appearing: screen readers read it out then. */
static void
announce (GtkWidget  *alert,
          const char *label,
          const char *description)
{
  gtk_widget_set_visible (alert, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (alert),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);
  gtk_widget_set_visible (alert, TRUE);
}

static void
show_progress (SmartcaCheckDialog *self,
               const char         *text)
{
  gtk_label_set_label (self->progress_label, text);
  announce (GTK_WIDGET (self->progress_label), text, NULL);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  gtk_widget_grab_focus (self->cancel_button);
}

static void
set_otp_reason (SmartcaCheckDialog *self,
                const char         *reason)
{
  if (reason != NULL)
    {
      gtk_label_set_label (self->otp_reason_label, reason);
      announce (GTK_WIDGET (self->otp_reason_label), reason, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->otp_entry), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->otp_entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->otp_entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->otp_reason_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->otp_entry), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->otp_entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->otp_entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
show_otp_page (SmartcaCheckDialog *self)
{
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_editable_set_text (self->otp_entry, "");
  set_otp_reason (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "otp");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->check_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->otp_entry));
}

typedef enum
{
  RESULT_SUCCESS,
  RESULT_FAILURE,
  RESULT_CANCELLED, /* neither: nothing was learnt */
} Result;

/* @explanation is plain text: it may quote SmartCA. */
static void
show_result (SmartcaCheckDialog *self,
             Result              result,
             const char         *icon_name,
             const char         *title,
             const char         *explanation)
{
  g_autofree char *markup = g_markup_escape_text (explanation, -1);
  GtkWidget       *page = GTK_WIDGET (self->result_page);
  GtkWidget       *next = result == RESULT_SUCCESS ? self->close_button : self->again_button;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  adw_status_page_set_icon_name (self->result_page, icon_name);
  adw_status_page_set_title (self->result_page, title);
  adw_status_page_set_description (self->result_page, markup);
  gtk_widget_remove_css_class (page, "check-success");
  gtk_widget_remove_css_class (page, "check-failure");
  if (result == RESULT_SUCCESS)
    gtk_widget_add_css_class (page, "check-success");
  else if (result == RESULT_FAILURE)
    gtk_widget_add_css_class (page, "check-failure");
  gtk_widget_set_visible (self->again_button, result != RESULT_SUCCESS);

  announce (page, title, explanation);
  gtk_stack_set_visible_child (self->stack, page);

  gtk_window_set_default_widget (GTK_WINDOW (self), next);
  gtk_widget_grab_focus (next);
}

static void
show_cancelled (SmartcaCheckDialog *self)
{
  show_result (self, RESULT_CANCELLED, "process-stop-symbolic", _("Check cancelled"),
               _("The account was not checked. Try again when you are ready."));
}

/* What went wrong, and what to do about it */

static char *
wrong_otp_explanation (SmartcaCheckDialog *self)
{
  g_autofree char *hint = NULL;
  const char      *text;

  if (is_method_1 (self))
    text = _("SmartCA refused the one-time code. Codes change every 30 seconds: "
             "type the one your authenticator app shows now.");
  else
    text = _("SmartCA refused the one-time code computed from the secret key. "
             "Check that the secret key belongs to this SmartCA account.");

  if (self->client != NULL && smartca_business_clock_hint (self->client, &hint) && hint != NULL)
    return g_strdup_printf ("%s\n\n%s", text, hint);
  return g_strdup (text);
}

static void
show_error (SmartcaCheckDialog *self,
            const GError       *error)
{
  g_autofree char *explanation = NULL;
  const char      *title = _("The account could not be checked");
  const char      *icon = "dialog-error-symbolic";

  if (g_error_matches (error, SMARTCA_VAULT_ERROR, SMARTCA_VAULT_ERROR_UNAVAILABLE))
    {
      title = _("The keyring cannot be reached");
      explanation = g_strdup (_("The account’s password is kept in the desktop keyring, which is not "
                                "running or is locked, so nothing could be read from it. Start or "
                                "unlock the keyring (such as GNOME Keyring), then try again."));
      icon = "changes-prevent-symbolic";
    }
  else if (error->domain == SMARTCA_BUSINESS_ERROR)
    {
      switch ((SmartcaBusinessError) error->code)
        {
        case SMARTCA_BUSINESS_ERROR_WRONG_PASSWORD:
          title = _("Wrong password");
          explanation = g_strdup (_("SmartCA refused the account password. Check the password of this "
                                    "SmartCA business account and enter it again."));
          icon = "dialog-password-symbolic";
          break;
        case SMARTCA_BUSINESS_ERROR_WRONG_OTP:
          title = _("Wrong or expired code");
          explanation = wrong_otp_explanation (self);
          icon = "dialog-password-symbolic";
          break;
        case SMARTCA_BUSINESS_ERROR_SAD_EXPIRED:
          title = _("The signing authorisation expired");
          explanation = g_strdup (_("SmartCA’s authorisation for the test signature expired before it "
                                    "was confirmed. Try again; if it happens again, check this "
                                    "computer’s clock and its connection."));
          break;
        case SMARTCA_BUSINESS_ERROR_NOT_ACTIVE:
          title = _("The certificate is not active");
          explanation = g_strdup (_("SmartCA says this certificate is suspended, revoked or expired, "
                                    "so it cannot sign. Contact VNPT SmartCA to have it "
                                    "reactivated or renewed."));
          break;
        case SMARTCA_BUSINESS_ERROR_UNREACHABLE:
          title = _("SmartCA cannot be reached");
          explanation = g_strdup (_("No answer came from SmartCA. Check the internet connection "
                                    "and the service in Preferences, then try again."));
          icon = "network-offline-symbolic";
          break;
        case SMARTCA_BUSINESS_ERROR_BAD_SIGNATURE:
          title = _("The signature does not match");
          explanation = g_strdup (_("SmartCA returned a signature that does not match this "
                                    "certificate’s public key. Do not rely on this account for "
                                    "signing; contact VNPT SmartCA."));
          break;
        case SMARTCA_BUSINESS_ERROR_NOT_SET_UP:
          title = _("Nothing is stored for this account");
          explanation = g_strdup (_("The keyring answered, but it holds no password (or no secret "
                                    "key) for this certificate’s business account. Enter them again "
                                    "in the certificate’s details."));
          break;
        case SMARTCA_BUSINESS_ERROR_REFUSED:
          title = _("SmartCA refused the test signature");
          break;
        case SMARTCA_BUSINESS_ERROR_NOT_BUSINESS:
        case SMARTCA_BUSINESS_ERROR_NO_PASSWORD:
        case SMARTCA_BUSINESS_ERROR_NO_SECRET:
        case SMARTCA_BUSINESS_ERROR_NO_OTP:
        default:
          break;
        }
    }

  /* The error's own message: translated, and where it quotes SmartCA, the
   * quote is isolated; shown as text, never as markup. */
  if (explanation == NULL)
    explanation = g_strdup (error->message);
  show_result (self, RESULT_FAILURE, icon, title, explanation);
}

static void
show_success (SmartcaCheckDialog *self)
{
  show_result (self, RESULT_SUCCESS, "emblem-ok-symbolic", _("The account works"),
               _("SmartCA signed a test digest and the signature matches this certificate."));
}

/* The check */

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step)               step = user_data;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaCheckDialog) self = NULL;
  gboolean                      ok;

  ok = smartca_business_check_finish (result, &error);
  self = step_dup_dialog (step);
  if (self == NULL)
    return;
  step_done (self, step);

  if (ok)
    show_success (self);
  else
    show_error (self, error);
}

static void
client_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Step)               step = user_data;
  g_autoptr(GError)             error = NULL;
  g_autoptr(SmartcaClient)      client = NULL;
  g_autoptr(SmartcaCheckDialog) self = NULL;
  Step                         *pending;

  client = smartca_context_prepare_client_finish (SMARTCA_CONTEXT (source), result, &error);
  self = step_dup_dialog (step);
  if (self == NULL)
    return;
  if (client == NULL)
    {
      step_done (self, step);
      show_error (self, error);
      return;
    }

  g_set_object (&self->client, client);
  /* The call copies the password and the key; the step keeps the code
   * until SmartCA has answered, and wipes it then. */
  pending = g_steal_pointer (&step);
  smartca_business_check_async (client, self->certificate, self->password, self->key, pending->otp,
                                pending->cancellable, checked_cb, pending);
}

static void
start_check (SmartcaCheckDialog *self,
             const char         *otp)
{
  Step *step = step_new (self);

  step->otp = g_strdup (otp);
  show_progress (self, _("Signing a test digest with SmartCA…"));
  smartca_context_prepare_client_async (self->context, step->cancellable, client_ready_cb, step);
}

/* The saved account: the keyring first */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Step)                   step = user_data;
  g_autoptr(GError)                 error = NULL;
  g_autoptr(SmartcaBusinessSecrets) secrets = NULL;
  g_autoptr(SmartcaCheckDialog)     self = NULL;

  secrets = smartca_business_load_finish (result, &error);
  self = step_dup_dialog (step);
  if (self == NULL)
    return;
  step_done (self, step);

  if (secrets == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Keyring trouble came as an error above: here the keyring answered, and
   * what the account needs is simply not in it. */
  if (!smartca_business_secrets_check (secrets, &error))
    {
      show_error (self, error);
      return;
    }

  smartca_secret_wipe (&self->password);
  self->password = g_strdup (secrets->password);
  g_clear_pointer (&self->key, smartca_totp_key_free);
  if (secrets->method == SMARTCA_BUSINESS_METHOD_TOTP)
    {
      gsize         length;
      const guint8 *bytes = smartca_totp_key_get_bytes (secrets->key, &length);

      self->key = smartca_totp_key_new (bytes, length);
    }
  self->loaded = TRUE;

  if (is_method_1 (self))
    show_otp_page (self);
  else
    start_check (self, NULL);
}

static void
start (SmartcaCheckDialog *self)
{
  if (self->saved && !self->loaded)
    {
      Step *step = step_new (self);

      show_progress (self, _("Reading the account from the keyring…"));
      smartca_business_load_async (smartca_context_get_vault (self->context), self->certificate,
                                   step->cancellable, loaded_cb, step);
    }
  else if (is_method_1 (self))
    show_otp_page (self);
  else
    start_check (self, NULL);
}

/* The code as typed: 6 digits, spaces allowed ("287 082", as the business
 * dialog writes it). */
typedef enum
{
  OTP_COMPLETE,
  OTP_SHORT,
  OTP_LONG,
  OTP_NOT_DIGITS,
} OtpState;

static OtpState
otp_parse (const char *text,
           char        digits[SMARTCA_TOTP_DIGITS + 1])
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isdigit (*p))
        return OTP_NOT_DIGITS;
      if (n == SMARTCA_TOTP_DIGITS)
        return OTP_LONG;
      digits[n++] = *p;
    }
  digits[n] = '\0';
  return n == SMARTCA_TOTP_DIGITS ? OTP_COMPLETE : OTP_SHORT;
}

static const char *
otp_reason (OtpState state)
{
  switch (state)
    {
    case OTP_NOT_DIGITS:
      return _("Only digits: the code is the 6 digits your authenticator app shows.");
    case OTP_LONG:
      return _("The code has only 6 digits.");
    case OTP_SHORT:
      return _("Type all 6 digits of the code.");
    case OTP_COMPLETE:
    default:
      return NULL;
    }
}

/* Callbacks */

static void
otp_changed_cb (SmartcaCheckDialog *self)
{
  char     digits[SMARTCA_TOTP_DIGITS + 1];
  OtpState state = otp_parse (gtk_editable_get_text (self->otp_entry), digits);

  explicit_bzero (digits, sizeof digits);
  /* No complaint while the code is still being typed. */
  set_otp_reason (self, state == OTP_SHORT ? NULL : otp_reason (state));
  gtk_widget_set_sensitive (self->check_button, state == OTP_COMPLETE);
}

static void
check_clicked_cb (SmartcaCheckDialog *self)
{
  char     digits[SMARTCA_TOTP_DIGITS + 1];
  OtpState state;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "otp") != 0)
    return;
  state = otp_parse (gtk_editable_get_text (self->otp_entry), digits);
  if (state != OTP_COMPLETE)
    {
      set_otp_reason (self, otp_reason (state));
      explicit_bzero (digits, sizeof digits);
      return;
    }

  /* A code works once: the field does not keep it. */
  gtk_editable_set_text (self->otp_entry, "");
  start_check (self, digits);
  explicit_bzero (digits, sizeof digits);
}

static void
cancel_clicked_cb (SmartcaCheckDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  show_cancelled (self);
}

static void
again_clicked_cb (SmartcaCheckDialog *self)
{
  start (self);
}

/* GObject */

static void
smartca_check_dialog_dispose (GObject *object)
{
  SmartcaCheckDialog *self = SMARTCA_CHECK_DIALOG (object);

  /* The step under way, if any, is cancelled: its answer, when it comes,
   * finds it so and touches nothing. The call has its own copies of the
   * password and the key, so ours go now. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  smartca_secret_wipe (&self->password);
  g_clear_pointer (&self->key, smartca_totp_key_free);
  g_clear_object (&self->client);
  g_clear_object (&self->certificate);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_CHECK_DIALOG);

  G_OBJECT_CLASS (smartca_check_dialog_parent_class)->dispose (object);
}

static void
smartca_check_dialog_class_init (SmartcaCheckDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = smartca_check_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-check-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, otp_page);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, otp_entry);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, otp_reason_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, again_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaCheckDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, otp_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
smartca_check_dialog_init (SmartcaCheckDialog *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The code goes in as typed: no input method (Telex, VNI…) may turn
   * "11" into something else. */
  text = gtk_editable_get_delegate (self->otp_entry);
  g_object_set (text, "im-module", "gtk-im-context-simple", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->otp_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("One-time code"), -1);
}

static SmartcaCheckDialog *
check_dialog_new (GtkWindow          *parent,
                  SmartcaContext     *context,
                  SmartcaCertificate *certificate)
{
  SmartcaCheckDialog *self;
  g_autofree char    *name = NULL;

  self = g_object_new (SMARTCA_TYPE_CHECK_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->certificate = g_object_ref (certificate);

  /* The window title is plain text, never markup. */
  name = smartca_format_clean (smartca_certificate_get_display_name (certificate));
  adw_window_title_set_subtitle (self->window_title, name);
  return self;
}

/**
 * smartca_check_dialog_new:
 * @password: the account password as typed; the dialog keeps its own copy
 * @key: (nullable): method 2's secret key (copied), or %NULL for method 1:
 *   the dialog asks for the code from the authenticator app
 *
 * Returns: (transfer none): the dialog (GTK owns windows), not yet shown;
 * for method 2 the check has already started
 */
SmartcaCheckDialog *
smartca_check_dialog_new (GtkWindow          *parent,
                          SmartcaContext     *context,
                          SmartcaCertificate *certificate,
                          const char         *password,
                          SmartcaTotpKey     *key)
{
  SmartcaCheckDialog *self;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  self = check_dialog_new (parent, context, certificate);
  self->password = g_strdup (password != NULL ? password : "");
  if (key != NULL)
    {
      gsize         length;
      const guint8 *bytes = smartca_totp_key_get_bytes (key, &length);

      self->key = smartca_totp_key_new (bytes, length);
    }
  start (self);
  return self;
}

/**
 * smartca_check_dialog_new_saved:
 *
 * Checks the account as the keyring holds it: the password (and for method
 * 2 the secret key) are read first; a keyring that cannot be reached and a
 * keyring that holds nothing are each said plainly.
 *
 * Returns: (transfer none): the dialog (GTK owns windows), not yet shown
 */
SmartcaCheckDialog *
smartca_check_dialog_new_saved (GtkWindow          *parent,
                                SmartcaContext     *context,
                                SmartcaCertificate *certificate)
{
  SmartcaCheckDialog *self;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  self = check_dialog_new (parent, context, certificate);
  self->saved = TRUE;
  start (self);
  return self;
}
