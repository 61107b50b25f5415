// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <box2d/b2_world_callbacks.h>

#include <QtGlobal>

#include <vector>

namespace smmo {

/// Collects the contacts that begin during a Box2D step, so they are reported after it (the world
/// must not be changed from inside its callbacks). Bodies carry their object id as user data.
class ContactRecorder : public b2ContactListener
{
public:
    struct Begin
    {
        qint64 a = 0; ///< the smaller object id
        qint64 b = 0;
        double speed = 0; ///< how fast they approached along the contact normal, m/s
    };

    void BeginContact(b2Contact *contact) override;
    /// The contacts begun since the last call.
    std::vector<Begin> take();

private:
    std::vector<Begin> m_begun;
};

} // namespace smmo
