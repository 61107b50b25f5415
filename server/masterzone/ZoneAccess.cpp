// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneAccess.h"

#include "ApiError.h"
#include "SessionToken.h"

namespace smmo {

ZoneId ZoneAccess::existing(const QString &text) const
{
    const auto id = ZoneId::parse(text);
    if (!id)
        throw ApiError::badRequest(
            QStringLiteral("Malformed zone id: %1. Zone ids are <instancetype>-<zonename>-<owner>, each part "
                           "letters, digits or underscores.")
                .arg(text.left(200)));
    if (!m_definitions.exists(id->zoneName))
        throw ApiError::notFound(QStringLiteral("No such zone: %1 has no definition.").arg(id->zoneName));
    return *id;
}

ZoneId ZoneAccess::enter(const QString &text, const SessionClaims &session) const
{
    const ZoneId id = existing(text);
    if (!id.isPlayerInstance() || session.hasRole(QStringLiteral("admin")) ||
        session.hasRole(QStringLiteral("service")))
        return id;
    const auto owner = m_ownerOf(id.owner);
    if (!owner)
        throw ApiError::notFound(QStringLiteral("No such character: %1").arg(id.owner));
    if (*owner != session.userId)
        throw ApiError::forbidden(
            QStringLiteral("%1 is the player instance of %2; only its owner may enter it.")
                .arg(text, id.owner));
    return id;
}

} // namespace smmo
