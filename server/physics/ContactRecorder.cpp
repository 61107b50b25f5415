// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ContactRecorder.h"

#include <box2d/b2_body.h>
#include <box2d/b2_contact.h>
#include <box2d/b2_fixture.h>

#include <cmath>
#include <utility>

namespace smmo {

void ContactRecorder::BeginContact(b2Contact *contact)
{
    b2Body *bodyA = contact->GetFixtureA()->GetBody();
    b2Body *bodyB = contact->GetFixtureB()->GetBody();
    Begin begin{qint64(bodyA->GetUserData().pointer), qint64(bodyB->GetUserData().pointer), 0};
    if (begin.a == 0 || begin.b == 0 || begin.a == begin.b)
        return;
    b2WorldManifold manifold;
    contact->GetWorldManifold(&manifold);
    const b2Vec2 point = contact->GetManifold()->pointCount > 0 ? manifold.points[0] : bodyA->GetPosition();
    const b2Vec2 relative =
        bodyB->GetLinearVelocityFromWorldPoint(point) - bodyA->GetLinearVelocityFromWorldPoint(point);
    begin.speed = std::abs(double(b2Dot(relative, manifold.normal)));
    if (begin.a > begin.b)
        std::swap(begin.a, begin.b);
    m_begun.push_back(begin);
}

std::vector<ContactRecorder::Begin> ContactRecorder::take()
{
    return std::exchange(m_begun, {});
}

} // namespace smmo
