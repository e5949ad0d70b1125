/* smartca-business-dialog.c: "Business SmartCA account" (manual, section 5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Method 1 keeps the password; method 2 keeps the password and the secret
 * key, whose current code shows with its countdown so the user can compare
 * it with their phone before saving. The secret key comes typed, pasted
 * (text or a picture of its QR code), dropped or from an image file. Save
 * writes the keyring, then the store (smartca_business_save_async); when the
 * keyring cannot be used the dialog says so and keeps everything typed.
 */

#include "config.h"

#include "smartca-business-dialog.h"
#include "smartca-business.h"
#include "smartca-check-dialog.h"
#include "smartca-format.h"
#include "smartca-qr.h"
#include "smartca-totp.h"

#include <glib/gi18n.h>
#include <string.h>

struct _SmartcaBusinessDialog
{
  AdwWindow parent_instance;

  SmartcaContext     *context;
  SmartcaCertificate *certificate;
  GCancellable       *cancellable;
  SmartcaTotpKey     *key;     /* what the secret key field holds, when valid */
  guint               tick_id; /* refreshes the code every second */
  char                code[SMARTCA_TOTP_DIGITS + 1];
  gboolean            busy; /* loading or saving */
  gboolean            saving;

  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  GtkWidget          *spinner;
  AdwPreferencesPage *page;
  GtkWidget          *message_group;
  AdwActionRow       *message_row;
  GtkWidget          *method_group;
  GtkCheckButton     *method1_check;
  GtkCheckButton     *method2_check;
  AdwEntryRow        *password_row;
  GtkWidget          *secret_group;
  AdwEntryRow        *secret_row;
  GtkWidget          *qr_button;
  GtkWidget          *code_row;
  GtkLabel           *code_label;
  GtkWidget          *countdown_box;
  GtkLevelBar        *countdown_bar;
  GtkLabel           *countdown_label;
  GtkLabel           *secret_error_label;
  GtkLabel           *clock_hint_label;
  GtkWidget          *check_button;
};

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmartcaBusinessDialog, smartca_business_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static SmartcaBusinessMethod
chosen_method (SmartcaBusinessDialog *self)
{
  return gtk_check_button_get_active (self->method2_check) ? SMARTCA_BUSINESS_METHOD_TOTP
                                                           : SMARTCA_BUSINESS_METHOD_OTP;
}

/* The password and the secret key are typed exactly: an input method
 * (Telex, VNI) would turn "aa" into "â" unseen behind the dots. The simple
 * context only composes dead keys, and the purpose tells on-screen
 * keyboards not to predict or learn. */
static void
make_ime_proof (AdwEntryRow *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  g_return_if_fail (GTK_IS_TEXT (text));
  g_object_set (text,
                "im-module", "gtk-im-context-simple",
                "input-purpose", GTK_INPUT_PURPOSE_PASSWORD,
                "input-hints", GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI | GTK_INPUT_HINT_PRIVATE,
                NULL);
}

/* A sentence of ours or an error, at the top of the form; the focus goes
 * there so that it is seen (and read) even when the form is scrolled. */
static void
show_message (SmartcaBusinessDialog *self,
              const char            *text)
{
  g_autofree char *clean = smartca_format_clean (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->message_row), clean);
  gtk_widget_set_visible (self->message_group, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->message_row));
}

static void
hide_message (SmartcaBusinessDialog *self)
{
  gtk_widget_set_visible (self->message_group, FALSE);
}

static gboolean
form_complete (SmartcaBusinessDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (password[0] == '\0')
    return FALSE;
  return chosen_method (self) == SMARTCA_BUSINESS_METHOD_OTP || self->key != NULL;
}

static void
update_actions (SmartcaBusinessDialog *self)
{
  gboolean complete = !self->busy && form_complete (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "business.save", complete);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "business.check", complete);
}

static void
set_busy (SmartcaBusinessDialog *self,
          gboolean               busy,
          gboolean               saving)
{
  self->busy = busy;
  self->saving = busy && saving;
  /* A field must lose the focus before it goes insensitive, or GTK never
   * tells it so. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  update_actions (self);
}

/* The code */

/* "287082" → "287 082", as authenticator apps show it */
static char *
group_code (const char *code)
{
  return g_strdup_printf ("%.3s %s", code, code + 3);
}

static void
update_clock_hint (SmartcaBusinessDialog *self)
{
  SmartcaClient   *client = smartca_context_get_client (self->context);
  g_autofree char *hint = NULL;
  gboolean         off = FALSE;

  if (client != NULL && self->key != NULL)
    off = smartca_business_clock_hint (client, &hint);
  if (off && hint != NULL)
    gtk_label_set_label (self->clock_hint_label, hint);
  gtk_widget_set_visible (GTK_WIDGET (self->clock_hint_label), off && hint != NULL);
}

static void
update_code (SmartcaBusinessDialog *self)
{
  gint64           now = g_get_real_time () / G_USEC_PER_SEC;
  char             code[SMARTCA_TOTP_DIGITS + 1];
  guint            left;
  g_autofree char *left_text = NULL;

  if (self->key == NULL)
    return;

  smartca_totp_key_code (self->key, now, code);
  left = smartca_totp_seconds_left (now);
  /* Translators: seconds left before the code changes */
  left_text = g_strdup_printf (_("%u s"), left);
  gtk_label_set_label (self->countdown_label, left_text);
  gtk_level_bar_set_value (self->countdown_bar, left);

  /* Screen readers hear the code when it changes, not every second. */
  if (strcmp (code, self->code) != 0)
    {
      g_autofree char *shown = group_code (code);
      g_autofree char *description =
        /* Translators: the accessible description of the current code; %s is "287 082" */
        g_strdup_printf (_("%s, changes every 30 seconds"), shown);

      memcpy (self->code, code, sizeof code);
      gtk_label_set_label (self->code_label, shown);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->code_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      update_clock_hint (self);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_code (SMARTCA_BUSINESS_DIALOG (user_data));
  return G_SOURCE_CONTINUE;
}

static void
sync_code (SmartcaBusinessDialog *self)
{
  gboolean shown = self->key != NULL && chosen_method (self) == SMARTCA_BUSINESS_METHOD_TOTP;

  gtk_widget_set_visible (self->code_row, shown);
  if (!shown)
    {
      g_clear_handle_id (&self->tick_id, g_source_remove);
      memset (self->code, 0, sizeof self->code);
      gtk_widget_set_visible (GTK_WIDGET (self->clock_hint_label), FALSE);
      return;
    }
  memset (self->code, 0, sizeof self->code);
  update_code (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/* Callbacks */

static void
form_changed_cb (SmartcaBusinessDialog *self)
{
  update_actions (self);
}

static void
method_toggled_cb (SmartcaBusinessDialog *self)
{
  gtk_widget_set_visible (self->secret_group,
                          chosen_method (self) == SMARTCA_BUSINESS_METHOD_TOTP);
  sync_code (self);
  update_actions (self);
}

static void
secret_changed_cb (SmartcaBusinessDialog *self)
{
  const char       *text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(GError) error = NULL;
  gboolean          empty;

  g_clear_pointer (&self->key, smartca_totp_key_free);
  {
    char *copy = g_strdup (text);

    empty = g_strstrip (copy)[0] == '\0';
    smartca_secret_free (copy);
  }
  if (!empty)
    self->key = smartca_totp_key_parse (text, SMARTCA_TOTP_FORMAT_AUTO, &error);

  /* Empty is no error yet: Save simply waits for a key. */
  if (error != NULL)
    {
      gtk_label_set_label (self->secret_error_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->secret_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->secret_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->secret_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->secret_row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->secret_error_label), error != NULL);
  sync_code (self);
  update_actions (self);
}

static void
entry_activated_cb (SmartcaBusinessDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "business.save", NULL);
}

/* QR codes: a file, a drop, a paste */

/* The text of a QR code goes into the secret key field (method 2), where
 * it is checked like a typed one. */
static void
apply_secret_text (SmartcaBusinessDialog *self,
                   const char            *text)
{
  gtk_check_button_set_active (self->method2_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), text);
}

static void
apply_decoded (SmartcaBusinessDialog *self,
               char                  *text,
               const GError          *error)
{
  if (text == NULL)
    {
      gtk_check_button_set_active (self->method2_check, TRUE);
      gtk_label_set_label (self->secret_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->secret_error_label), TRUE);
      return;
    }
  apply_secret_text (self, text);
  smartca_secret_free (text);
}

/* The scan runs in a worker thread: a large picture takes a second or two. */
static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SmartcaBusinessDialog) self = user_data;
  g_autoptr(GError)                error = NULL;
  char                            *text = smartca_qr_decode_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  apply_decoded (self, text, error);
}

static void
decode_file (SmartcaBusinessDialog *self,
             GFile                 *file)
{
  smartca_qr_decode_file_async (file, self->cancellable, decoded_cb, g_object_ref (self));
}

static void
decode_texture (SmartcaBusinessDialog *self,
                GdkTexture            *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  smartca_qr_decode_bytes_async (png, self->cancellable, decoded_cb, g_object_ref (self));
}

static void
qr_response_cb (GtkNativeDialog       *chooser,
                int                    response,
                SmartcaBusinessDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      decode_file (self, file);
    }
  g_object_unref (chooser);
}

static void
qr_clicked_cb (SmartcaBusinessDialog *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter        *filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Image of the QR Code"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (qr_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget         *target,
         const GValue          *value,
         double                 x,
         double                 y,
         SmartcaBusinessDialog *self)
{
  if (self->busy)
    return FALSE;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      decode_file (self, files->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      decode_texture (self, g_value_get_object (value));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    {
      apply_secret_text (self, g_value_get_string (value));
      return TRUE;
    }
  return FALSE;
}

static void
texture_pasted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SmartcaBusinessDialog) self = user_data;
  g_autoptr(GError)                error = NULL;
  g_autoptr(GdkTexture)            texture =
    gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      apply_decoded (self, NULL, error);
      return;
    }
  decode_texture (self, texture);
}

static void
text_pasted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SmartcaBusinessDialog) self = user_data;
  char                            *text =
    gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL)
    apply_secret_text (self, text);
  smartca_secret_free (text);
}

/* Ctrl+V: a picture on the clipboard is read as a QR code wherever the
 * focus is; text pasted outside a field goes into the secret key field.
 * Text pasted into a field stays the field's own business. */
static gboolean
paste_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  SmartcaBusinessDialog *self = SMARTCA_BUSINESS_DIALOG (widget);
  GdkClipboard          *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats     *formats = gdk_clipboard_get_formats (clipboard);
  GtkWidget             *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (self->busy)
    return FALSE;
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
      (!GTK_IS_EDITABLE (focus) || !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING)))
    {
      gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_pasted_cb,
                                        g_object_ref (self));
      return TRUE;
    }
  if (GTK_IS_EDITABLE (focus))
    return FALSE;
  if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      gdk_clipboard_read_text_async (clipboard, self->cancellable, text_pasted_cb,
                                     g_object_ref (self));
      return TRUE;
    }
  return FALSE;
}

/* Loading what is saved */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SmartcaBusinessDialog)  self = user_data;
  g_autoptr(GError)                 error = NULL;
  g_autoptr(SmartcaBusinessSecrets) secrets = smartca_business_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE, FALSE);
  if (secrets == NULL)
    {
      show_message (self, error->message);
      return;
    }
  if (secrets->password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), secrets->password);
  if (secrets->key != NULL)
    {
      char *text = smartca_totp_key_to_string (secrets->key);

      gtk_editable_set_text (GTK_EDITABLE (self->secret_row), text);
      smartca_secret_free (text);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* Actions */

/* A save in flight: the dialog only weakly (it may be destroyed meanwhile,
 * when the app quits), and the application, kept running until it ends. */
typedef struct
{
  GWeakRef      dialog;
  GApplication *app;
} Saving;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saving                          *saving = user_data;
  g_autoptr(SmartcaBusinessDialog) self = g_weak_ref_get (&saving->dialog);
  g_autoptr(GError)                error = NULL;
  gboolean                         saved = smartca_business_save_finish (result, &error);

  if (saving->app != NULL)
    {
      g_application_release (saving->app);
      g_object_unref (saving->app);
    }
  g_weak_ref_clear (&saving->dialog);
  g_free (saving);

  /* Destroyed meanwhile: the save is complete all the same. */
  if (self == NULL || self->cancellable == NULL)
    return;
  if (!saved)
    {
      set_busy (self, FALSE, FALSE);
      show_message (self, error->message);
      return;
    }

  set_busy (self, FALSE, FALSE);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SmartcaBusinessDialog *self = SMARTCA_BUSINESS_DIALOG (widget);
  SmartcaBusinessMethod  method = chosen_method (self);
  Saving                *saving;

  if (self->busy || !form_complete (self))
    return;

  hide_message (self);
  set_busy (self, TRUE, TRUE);
  /* Half a save cannot be taken back, so it is never cancelled: not by
   * closing the dialog, nor by the app quitting, which waits for it. */
  saving = g_new0 (Saving, 1);
  g_weak_ref_init (&saving->dialog, self);
  saving->app = g_application_get_default ();
  if (saving->app != NULL)
    g_application_hold (g_object_ref (saving->app));
  smartca_business_save_async (smartca_context_get_store (self->context),
                               smartca_context_get_vault (self->context), self->certificate,
                               method, gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                               method == SMARTCA_BUSINESS_METHOD_TOTP ? self->key : NULL, NULL,
                               saved_cb, saving);
}

static void
check_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SmartcaBusinessDialog *self = SMARTCA_BUSINESS_DIALOG (widget);
  SmartcaCheckDialog    *check;

  if (self->busy || !form_complete (self))
    return;
  check = smartca_check_dialog_new (GTK_WINDOW (self), self->context, self->certificate,
                                    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    chosen_method (self) == SMARTCA_BUSINESS_METHOD_TOTP ? self->key
                                                                                         : NULL);
  gtk_window_present (GTK_WINDOW (check));
}

/* GObject */

static gboolean
smartca_business_dialog_close_request (GtkWindow *window)
{
  SmartcaBusinessDialog *self = SMARTCA_BUSINESS_DIALOG (window);

  /* Half a save cannot be taken back: it finishes first. */
  if (self->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (smartca_business_dialog_parent_class)->close_request (window);
}

static void
smartca_business_dialog_dispose (GObject *object)
{
  SmartcaBusinessDialog *self = SMARTCA_BUSINESS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), SMARTCA_TYPE_BUSINESS_DIALOG);
  g_clear_pointer (&self->key, smartca_totp_key_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (smartca_business_dialog_parent_class)->dispose (object);
}

static void
smartca_business_dialog_class_init (SmartcaBusinessDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = smartca_business_dialog_dispose;
  window_class->close_request = smartca_business_dialog_close_request;

  /**
   * SmartcaBusinessDialog::saved:
   *
   * Emitted after a successful Save, just before the dialog closes: the
   * keyring and the store hold the account by then.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/com/example/SmartCACerts/smartca-business-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, page);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, method_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, method1_check);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, method2_check);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, secret_group);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, qr_button);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, countdown_box);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, countdown_bar);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, secret_error_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, clock_hint_label);
  gtk_widget_class_bind_template_child (widget_class, SmartcaBusinessDialog, check_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, qr_clicked_cb);

  gtk_widget_class_install_action (widget_class, "business.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "business.check", NULL, check_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
smartca_business_dialog_init (SmartcaBusinessDialog *self)
{
  GType               types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE, G_TYPE_STRING };
  GtkDropTarget      *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  make_ime_proof (self->password_row);
  make_ime_proof (self->secret_row);
  /* The countdown ticks every second: screen readers hear the code's
   * description instead, which changes with the code. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->countdown_box), GTK_ACCESSIBLE_STATE_HIDDEN,
                               TRUE, -1);

  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Before the focused field: a picture pasted anywhere is a QR code. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>v"),
                      gtk_callback_action_new (paste_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  method_toggled_cb (self);
}

/* Public API */

SmartcaBusinessDialog *
smartca_business_dialog_new (GtkWindow          *parent,
                             SmartcaContext     *context,
                             SmartcaCertificate *certificate)
{
  SmartcaBusinessDialog *self;
  g_autofree char       *name = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (SMARTCA_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (SMARTCA_TYPE_BUSINESS_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->certificate = g_object_ref (certificate);

  name = smartca_format_isolate (smartca_certificate_get_display_name (certificate));
  adw_window_title_set_subtitle (self->window_title, name);

  if (smartca_certificate_get_business_enabled (certificate))
    {
      gtk_check_button_set_active (smartca_certificate_get_business_method (certificate) ==
                                       SMARTCA_BUSINESS_METHOD_TOTP
                                     ? self->method2_check
                                     : self->method1_check,
                                   TRUE);
      set_busy (self, TRUE, FALSE);
      smartca_business_load_async (smartca_context_get_vault (context), certificate,
                                   self->cancellable, loaded_cb, g_object_ref (self));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->method1_check));

  return self;
}
