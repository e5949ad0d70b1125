/* fuzz-client-json.c: libFuzzer target for SmartCA answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds arbitrary bytes to the pure parser as if SmartCA had sent them with
 * HTTP 200 (and, from the first byte, other statuses and a serial filter).
 * Whatever comes in, the parser must return certificates or an error of its
 * own domain, and never crash, leak or read out of bounds.
 */

#include "config.h"

#include <stdint.h>

#include "smartca-certificate.h"
#include "smartca-client-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint   statuses[] = { 200, 200, 200, 200, 401, 403, 500, 400 };
  g_autoptr(GError)    error = NULL;
  g_autoptr(GPtrArray) certificates = NULL;
  const char          *serial = NULL;
  guint                status = 200;

  if (size > 0)
    {
      status = statuses[data[0] & 7];
      serial = (data[0] & 8) ? "54010101fedcba9876543210fedcba98" : NULL;
    }

  certificates = smartca_client_json_parse_certificates ((const char *) data, size, status,
                                                         "001099012345", serial, &error);
  if (certificates != NULL)
    {
      g_assert (error == NULL);
      g_assert (certificates->len > 0);
      for (guint i = 0; i < certificates->len; i++)
        g_assert (SMARTCA_IS_CERTIFICATE (g_ptr_array_index (certificates, i)));
    }
  else
    g_assert (error != NULL && error->domain == SMARTCA_CLIENT_ERROR);

  return 0;
}
