// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CharacterStore.h"
#include "CharactersController.h"

#include <QObject>

namespace smmo {

class Config;
struct ServerContext;

/// The CharServer role: characters' zone, position, stats and inventory.
class CharServer : public QObject
{
    Q_OBJECT
public:
    explicit CharServer(ServerContext &context);
    static void addOptions(Config &config);

private:
    CharacterStore m_store;
    CharactersController m_controller;
};

} // namespace smmo
