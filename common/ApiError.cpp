// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ApiError.h"

namespace smmo {

ApiError::ApiError(int status, QString message, QString code)
    : std::runtime_error(message.toStdString()), m_status(status), m_message(std::move(message)),
      m_code(code.isEmpty() ? defaultCode(status) : std::move(code))
{
}

ApiError &ApiError::withHeader(QByteArray name, QByteArray value)
{
    m_headers.append({std::move(name), std::move(value)});
    return *this;
}

QString ApiError::defaultCode(int status)
{
    switch (status) {
    case 400: return QStringLiteral("bad_request");
    case 401: return QStringLiteral("unauthorized");
    case 403: return QStringLiteral("forbidden");
    case 404: return QStringLiteral("not_found");
    case 405: return QStringLiteral("method_not_allowed");
    case 408: return QStringLiteral("request_timeout");
    case 409: return QStringLiteral("conflict");
    case 413: return QStringLiteral("payload_too_large");
    case 415: return QStringLiteral("unsupported_media_type");
    case 426: return QStringLiteral("upgrade_required");
    case 429: return QStringLiteral("rate_limited");
    case 500: return QStringLiteral("internal_error");
    case 502: return QStringLiteral("bad_gateway");
    case 503: return QStringLiteral("unavailable");
    case 504: return QStringLiteral("timeout");
    case 507:
        return QStringLiteral("insufficient_storage");
    default: return status >= 500 ? QStringLiteral("server_error") : QStringLiteral("error");
    }
}

} // namespace smmo
