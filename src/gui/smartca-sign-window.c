/* smartca-sign-window.c: the signing window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening the document (the engine's checks and page sizes, and poppler's
 * pages, in a worker thread), and the "place" stage: the page with the
 * signature box, page navigation, the certificate, reason, location and
 * "invisible" options, and a live preview of the appearance. The signing
 * itself and its stages are in smartca-sign-window-run.c.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "smartca-sign-window-private.h"
#include "smartca-text.h"

G_DEFINE_FINAL_TYPE (SmartcaSignWindow, smartca_sign_window, ADW_TYPE_APPLICATION_WINDOW)

/* Stages */

void
smartca_sign_window_show_stage (SmartcaSignWindow *self,
                                const char        *stage)
{
  gboolean place = g_str_equal (stage, "place");

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (stage, "loading"));
  gtk_spinner_set_spinning (self->progress_spinner, g_str_equal (stage, "progress"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.sign", place);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.choose-output", place);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.previous-page", place);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.next-page", place);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.cancel",
                                 g_str_equal (stage, "progress") || g_str_equal (stage, "otp"));
  gtk_stack_set_visible_child_name (self->stack, stage);
}

void
smartca_sign_window_show_place (SmartcaSignWindow *self)
{
  smartca_sign_window_update_output (self);
  smartca_sign_window_show_stage (self, "place");
  gtk_window_set_default_widget (GTK_WINDOW (self), self->sign_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->page_view));
}

void
smartca_sign_window_show_error (SmartcaSignWindow *self,
                                const char        *title,
                                const char        *explanation,
                                gboolean           can_try_again)
{
  g_autofree char *markup = g_markup_escape_text (explanation, -1);
  GtkWidget       *next = can_try_again ? self->again_button : self->error_close_button;

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, markup);
  gtk_widget_set_visible (self->again_button, can_try_again);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_page), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
  smartca_sign_window_show_stage (self, "error");
  gtk_window_set_default_widget (GTK_WINDOW (self), next);
  gtk_widget_grab_focus (next);
}

void
smartca_sign_window_toast (SmartcaSignWindow *self,
                           const char        *text)
{
  /* A toast's title is markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
smartca_sign_window_needs_otp (SmartcaCertificate *certificate)
{
  return smartca_certificate_get_business_enabled (certificate) &&
         smartca_certificate_get_business_method (certificate) == SMARTCA_BUSINESS_METHOD_OTP;
}

char *
smartca_sign_window_shown_path (const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  return smartca_format_clean (display);
}

char *
smartca_sign_window_file_stamp (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                          (intmax_t) st.st_size, (intmax_t) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                          (intmax_t) st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

/* Pages and the box */

static void
show_page (SmartcaSignWindow *self,
           guint              page)
{
  PopplerPage     *poppler_page;
  g_autofree char *count = NULL;

  page = MIN (page, self->n_pages - 1);
  self->page = page;
  poppler_page = poppler_document_get_page (self->document, page);
  smartca_page_view_set_page (self->page_view, poppler_page, page);
  g_clear_object (&poppler_page);
  self->updating = TRUE;
  gtk_spin_button_set_value (self->page_spin, page + 1);
  self->updating = FALSE;
  /* Translators: after the page number entry: "Page [3] of 12" */
  count = g_strdup_printf (_("of %u"), self->n_pages);
  gtk_label_set_label (self->page_count_label, count);
}

/* Where @certificate's signature goes in this document: where it last
 * signed (decision 2 of the issue), else the engine's default */
static void
place_box (SmartcaSignWindow *self)
{
  SmartcaStore  *store = smartca_context_get_store (self->context);
  SmartcaPdfRect rect;
  gboolean       invisible = FALSE;
  int            page;
  double         width, height;

  if (smartca_store_get_sign_position (store, smartca_certificate_get_serial_number (self->certificate),
                                       &page, &rect, &invisible))
    {
      if (page < 0)
        page = MAX ((int) self->n_pages + page, 0);
      page = MIN (page, (int) self->n_pages - 1);
      width = self->page_sizes[2 * page];
      height = self->page_sizes[2 * page + 1];
      if (rect.width > width || rect.height > height || rect.width < SMARTCA_PDF_MIN_RECT_SIZE ||
          rect.height < SMARTCA_PDF_MIN_RECT_SIZE)
        smartca_sign_operation_default_rect (self->certificate, width, height, &rect);
      else
        {
          rect.x = CLAMP (rect.x, 0, width - rect.width);
          rect.y = CLAMP (rect.y, 0, height - rect.height);
        }
    }
  else
    {
      page = smartca_certificate_get_is_business (self->certificate) ? 0 : (int) self->n_pages - 1;
      width = self->page_sizes[2 * page];
      height = self->page_sizes[2 * page + 1];
      smartca_sign_operation_default_rect (self->certificate, width, height, &rect);
    }

  show_page (self, page);
  self->updating = TRUE;
  smartca_page_view_set_box (self->page_view, &rect);
  gtk_switch_set_active (self->invisible_switch, invisible);
  smartca_page_view_set_box_visible (self->page_view, !invisible);
  self->updating = FALSE;
  smartca_sign_window_schedule_preview (self);
}

static void
page_spin_changed_cb (SmartcaSignWindow *self)
{
  int page = gtk_spin_button_get_value_as_int (self->page_spin) - 1;

  if (self->updating || self->document == NULL || page < 0 || (guint) page == self->page)
    return;
  show_page (self, page);
}

static void
change_page_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (widget);
  gboolean           next = g_str_equal (action_name, "sign.next-page");

  if (self->document == NULL)
    return;
  if (next && self->page + 1 < self->n_pages)
    show_page (self, self->page + 1);
  else if (!next && self->page > 0)
    show_page (self, self->page - 1);
}

static void
box_changed_cb (SmartcaSignWindow *self)
{
  smartca_sign_window_schedule_preview (self);
}

static void
invisible_changed_cb (SmartcaSignWindow *self)
{
  smartca_page_view_set_box_visible (self->page_view, !gtk_switch_get_active (self->invisible_switch));
}

static void
text_changed_cb (SmartcaSignWindow *self)
{
  smartca_sign_window_schedule_preview (self);
}

static void
certificate_changed_cb (SmartcaSignWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->certificate_row);

  if (self->certificates == NULL || selected >= self->certificates->len)
    return;
  if (g_ptr_array_index (self->certificates, selected) == self->certificate)
    return;
  g_set_object (&self->certificate, g_ptr_array_index (self->certificates, selected));
  /* A seal and a signature do not go in the same place */
  if (self->document != NULL && !self->updating)
    place_box (self);
}

/* Opening the document */

typedef struct
{
  char               *path;
  char               *stamp;
  guint               n_pages;
  double             *page_sizes;
  PopplerDocument    *document;
  SmartcaPdfDocument *pdf;
} Opening;

static void
opening_free (Opening *opening)
{
  g_free (opening->path);
  g_free (opening->stamp);
  g_free (opening->page_sizes);
  g_clear_object (&opening->document);
  g_clear_pointer (&opening->pdf, smartca_pdf_document_free);
  g_free (opening);
}

/* Whether poppler shows each page at the size the engine signs it in: a
 * box read otherwise (of no size, which poppler replaces with a Letter
 * page) would be placed on one page and signed on another. */
static gboolean
same_pages (Opening *opening)
{
  for (guint i = 0; i < opening->n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (opening->document, i);
      double       width = 0, height = 0;

      if (page != NULL)
        poppler_page_get_size (page, &width, &height);
      g_clear_object (&page);
      if (!isfinite (opening->page_sizes[2 * i]) || !isfinite (opening->page_sizes[2 * i + 1]) ||
          fabs (width - opening->page_sizes[2 * i]) > 0.5 ||
          fabs (height - opening->page_sizes[2 * i + 1]) > 0.5)
        return FALSE;
    }
  return TRUE;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Opening            *opening = task_data;
  SmartcaPdfDocument *pdf;
  g_autoptr(GError)   error = NULL;
  g_autofree char    *uri = NULL;

  /* Before it is read: a change after this is seen at signing time */
  opening->stamp = smartca_sign_window_file_stamp (opening->path);
  /* The engine's refusals first: what cannot be signed is not shown */
  pdf = opening->pdf = smartca_pdf_document_open (opening->path, cancellable, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  opening->n_pages = smartca_pdf_document_get_n_pages (pdf);
  opening->page_sizes = g_new0 (double, 2 * MAX (opening->n_pages, 1));
  for (guint i = 0; i < opening->n_pages; i++)
    if (!smartca_pdf_document_get_page_size (pdf, i, &opening->page_sizes[2 * i],
                                             &opening->page_sizes[2 * i + 1], NULL, &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

  uri = g_filename_to_uri (opening->path, NULL, &error);
  if (uri != NULL)
    opening->document = poppler_document_new_from_file (uri, NULL, &error);
  if (opening->document == NULL || opening->n_pages == 0 ||
      poppler_document_get_n_pages (opening->document) != (int) opening->n_pages ||
      !same_pages (opening))
    {
      g_autofree char *name = smartca_format_isolate (opening->path);

      g_clear_error (&error);
      g_task_return_new_error (task, SMARTCA_PDF_ERROR, SMARTCA_PDF_ERROR_DAMAGED,
                               /* Translators: %s is the file's path */
                               _("The pages of %s cannot be shown. Open it in a PDF viewer, save "
                                 "a new copy, and sign that copy."),
                               name);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The certificate's name, and the end of its serial number when another
 * one has the same name (a renewed certificate keeps its holder's name) */
static char *
chooser_name (GPtrArray *certificates,
              guint      index)
{
  SmartcaCertificate *certificate = g_ptr_array_index (certificates, index);
  const char         *name = smartca_certificate_get_display_name (certificate);
  const char         *serial = smartca_certificate_get_serial_number (certificate);

  for (guint i = 0; i < certificates->len; i++)
    if (i != index &&
        g_strcmp0 (smartca_certificate_get_display_name (g_ptr_array_index (certificates, i)), name) == 0)
      /* Translators: a certificate's name and the last digits of its
       * serial number, to tell apart two certificates of the same name */
      return g_strdup_printf (_("%s (…%s)"), name,
                              serial + strlen (serial) - MIN (strlen (serial), 6));
  return g_strdup (name);
}

static void
fill_certificates (SmartcaSignWindow *self)
{
  SmartcaStore            *store = smartca_context_get_store (self->context);
  GListModel              *all = smartca_store_get_certificates (store);
  SmartcaCertificate      *preferred = self->certificate;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint                    selected = GTK_INVALID_LIST_POSITION;

  if (preferred == NULL || !smartca_certificate_can_sign (preferred, NULL))
    preferred = smartca_store_get_default (store);

  self->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(SmartcaCertificate) certificate = g_list_model_get_item (all, i);

      if (!smartca_certificate_can_sign (certificate, NULL))
        continue;
      if (certificate == preferred)
        selected = self->certificates->len;
      g_ptr_array_add (self->certificates, g_steal_pointer (&certificate));
    }
  for (guint i = 0; i < self->certificates->len; i++)
    {
      g_autofree char *name = chooser_name (self->certificates, i);

      gtk_string_list_append (names, name);
    }
  if (selected == GTK_INVALID_LIST_POSITION && self->certificates->len > 0)
    selected = 0;

  g_clear_object (&self->certificate);
  if (selected != GTK_INVALID_LIST_POSITION)
    self->certificate = g_object_ref (g_ptr_array_index (self->certificates, selected));
  self->updating = TRUE;
  adw_combo_row_set_model (self->certificate_row, G_LIST_MODEL (names));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->certificate_row, selected);
  self->updating = FALSE;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (source);
  Opening           *opening = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError)  error = NULL;
  GtkAdjustment     *adjustment;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        smartca_sign_window_show_run_error (self, error, _("This document cannot be signed"),
                                            FALSE);
      return;
    }

  self->document = g_steal_pointer (&opening->document);
  self->pdf = g_steal_pointer (&opening->pdf);
  self->stamp = g_steal_pointer (&opening->stamp);
  self->n_pages = opening->n_pages;
  self->page_sizes = g_steal_pointer (&opening->page_sizes);

  fill_certificates (self);
  if (self->certificate == NULL)
    {
      smartca_sign_window_show_error (self, _("No certificate can sign"),
                                      _("None of your certificates can sign now: they have expired "
                                        "or are not active. Look up your certificates again in the "
                                        "main window, or renew them with VNPT SmartCA."),
                                      FALSE);
      return;
    }

  adjustment = gtk_spin_button_get_adjustment (self->page_spin);
  gtk_adjustment_set_upper (adjustment, self->n_pages);
  place_box (self);
  smartca_sign_window_show_place (self);
}

static void
start_opening (SmartcaSignWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, opened_cb, NULL);
  Opening         *opening = g_new0 (Opening, 1);

  opening->path = g_strdup (self->path);
  g_task_set_source_tag (task, start_opening);
  g_task_set_task_data (task, opening, (GDestroyNotify) opening_free);
  g_task_run_in_thread (task, open_thread);
}

/* Actions */

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  smartca_sign_window_sign (SMARTCA_SIGN_WINDOW (widget));
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (widget);

  if (self->document != NULL && self->certificate != NULL)
    smartca_sign_window_show_place (self);
}

/* GObject */

static gboolean
smartca_sign_window_close_request (GtkWindow *window)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (window);

  if (self->running)
    return smartca_sign_window_close_while_running (self);
  return GTK_WINDOW_CLASS (smartca_sign_window_parent_class)->close_request (window);
}

/* gtk_window_destroy() (the application's Quit) unrealizes the window
 * without a close-request, and the run keeps a reference: cancel it here
 * too */
static void
smartca_sign_window_unrealize (GtkWidget *widget)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (widget);

  if (self->running)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->run_cancellable);
    }
  GTK_WIDGET_CLASS (smartca_sign_window_parent_class)->unrealize (widget);
}

static void
smartca_sign_window_dispose (GObject *object)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  smartca_sign_window_run_dispose (self);
  smartca_sign_window_save_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SMARTCA_TYPE_SIGN_WINDOW);

  g_clear_object (&self->context);
  g_clear_object (&self->certificate);
  g_clear_object (&self->file);
  g_clear_object (&self->history_entry);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->image_certificate);
  g_clear_object (&self->image);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);

  G_OBJECT_CLASS (smartca_sign_window_parent_class)->dispose (object);
}

static void
smartca_sign_window_finalize (GObject *object)
{
  SmartcaSignWindow *self = SMARTCA_SIGN_WINDOW (object);

  g_free (self->path);
  g_free (self->stamp);
  g_free (self->page_sizes);
  g_free (self->output_path);
  g_free (self->chosen_output);
  g_clear_object (&self->run_cancellable);

  G_OBJECT_CLASS (smartca_sign_window_parent_class)->finalize (object);
}

static void
smartca_sign_window_class_init (SmartcaSignWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = smartca_sign_window_dispose;
  object_class->finalize = smartca_sign_window_finalize;
  window_class->close_request = smartca_sign_window_close_request;
  widget_class->unrealize = smartca_sign_window_unrealize;

  g_type_ensure (SMARTCA_TYPE_PAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/SmartCACerts/smartca-sign-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SmartcaSignWindow, name)
  CHILD (window_title);
  CHILD (toast_overlay);
  CHILD (stack);
  CHILD (loading_spinner);
  CHILD (page_view);
  CHILD (page_spin);
  CHILD (page_count_label);
  CHILD (certificate_row);
  CHILD (reason_row);
  CHILD (location_row);
  CHILD (invisible_switch);
  CHILD (output_row);
  CHILD (output_button);
  CHILD (sign_button);
  CHILD (progress_spinner);
  CHILD (progress_title);
  CHILD (progress_label);
  CHILD (cancel_button);
  CHILD (otp_entry);
  CHILD (otp_reason_label);
  CHILD (otp_button);
  CHILD (done_page);
  CHILD (done_path_label);
  CHILD (intact_label);
  CHILD (open_button);
  CHILD (folder_button);
  CHILD (error_page);
  CHILD (again_button);
  CHILD (error_close_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, page_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, box_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, invisible_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "sign.previous-page", NULL, change_page_action);
  gtk_widget_class_install_action (widget_class, "sign.next-page", NULL, change_page_action);
  gtk_widget_class_install_action (widget_class, "sign.try-again", NULL, try_again_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  smartca_sign_window_run_class_init (widget_class);
  smartca_sign_window_save_class_init (widget_class);
}

static void
add_capture_shortcut (GtkShortcutController *controller,
                      guint                  key,
                      GdkModifierType        modifiers,
                      const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
smartca_sign_window_init (SmartcaSignWindow *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Page Up / Page Down and Ctrl+Return wherever the focus is, before an
   * entry or the spin button sees them */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_LOCAL);
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Page_Up, 0,
                        "sign.previous-page");
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Page_Down, 0, "sign.next-page");
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_Page_Up, 0,
                        "sign.previous-page");
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_Page_Down, 0,
                        "sign.next-page");
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_Return, GDK_CONTROL_MASK,
                        "sign.sign");
  add_capture_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                        "sign.sign");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->page_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Page number"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->otp_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("One-time code"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->invisible_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Invisible signature"), -1);
  smartca_sign_window_show_stage (self, "loading");
}

/* Public API */

SmartcaSignWindow *
smartca_sign_window_new (SmartcaApplication *application,
                         SmartcaContext     *context,
                         GFile              *file,
                         SmartcaCertificate *certificate)
{
  SmartcaSignWindow *self;
  g_autofree char   *basename = NULL;
  g_autofree char   *name = NULL;

  g_return_val_if_fail (SMARTCA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SMARTCA_TYPE_SIGN_WINDOW, "application", application, NULL);
  self->context = g_object_ref (context);
  self->file = g_object_ref (file);
  self->path = g_file_get_path (file);
  if (certificate != NULL)
    self->certificate = g_object_ref (certificate);
  /* A file name is bytes, and may hold a bidi override or a line break */
  basename = g_file_get_basename (file);
  name = smartca_sign_window_shown_path (basename);
  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_window_title_set_title (self->window_title, name);

  if (self->path == NULL)
    {
      smartca_sign_window_show_error (self, _("This document cannot be signed"),
                                      _("The file is not on this computer. Save a copy in a "
                                        "folder on this computer, then sign that copy."),
                                      FALSE);
      return self;
    }
  start_opening (self);
  return self;
}

GFile *
smartca_sign_window_get_file (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return self->file;
}

const char *
smartca_sign_window_get_stage (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

SmartcaHistoryEntry *
smartca_sign_window_get_history_entry (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return self->history_entry;
}

GdkTexture *
smartca_sign_window_get_preview (SmartcaSignWindow *self)
{
  g_return_val_if_fail (SMARTCA_IS_SIGN_WINDOW (self), NULL);
  return self->preview;
}
