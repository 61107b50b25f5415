// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneDefinitions.h"
#include "ZoneId.h"

#include <functional>
#include <optional>

namespace smmo {

struct SessionClaims;

/// The rules for entering a zone by id: the id must be well-formed (400), its zone must have a
/// definition (404), and a `playerinstance` may only be entered by the user owning the character
/// it is named after (403; unknown character 404). Administrators and the cluster's own services
/// may enter any instance. Every check throws ApiError with the client's message.
class ZoneAccess
{
public:
    /// The user id owning a character, or nullopt when there is no such character.
    using OwnerLookup = std::function<std::optional<qint64>(const QString &character)>;

    ZoneAccess(ZoneDefinitions definitions, OwnerLookup ownerOf)
        : m_definitions(std::move(definitions)), m_ownerOf(std::move(ownerOf))
    {}

    /// Id and definition only (for administrators starting zones).
    ZoneId existing(const QString &text) const;
    /// Everything, for the given session.
    ZoneId enter(const QString &text, const SessionClaims &session) const;

    const ZoneDefinitions &definitions() const { return m_definitions; }

private:
    ZoneDefinitions m_definitions;
    OwnerLookup m_ownerOf;
};

} // namespace smmo
