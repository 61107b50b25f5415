// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PhysicsPage.h"

#include "ClusterConnection.h"
#include "EmptyState.h"
#include "ObjectItem.h"
#include "PhysicsView.h"
#include "ZoneMonitor.h"
#include "ZonePicker.h"
#include "ZoneScene.h"
#include "ZoneSpectator.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace smmo::admin {

PhysicsPage::PhysicsPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent)
    : QWidget(parent), m_connection(connection), m_monitor(monitor), m_scene(new ZoneScene(this)),
      m_view(new PhysicsView), m_empty(new EmptyState(m_view, this)),
      m_spectator(new ZoneSpectator(connection, this)), m_picker(new ZonePicker(monitor, this)),
      m_follow(new QComboBox(this)), m_stats(new QLabel(this))
{
    m_view->setScene(m_scene);
    m_view->setObjectName(QStringLiteral("physicsView"));

    m_follow->setEditable(true);
    m_follow->setMinimumContentsLength(14);
    m_follow->lineEdit()->setPlaceholderText(tr("nobody"));
    m_follow->setToolTip(tr("Keep this character in the middle of the view (Ctrl+Shift+F)"));
    connect(m_follow, &QComboBox::textActivated, this, &PhysicsPage::follow);
    connect(m_follow->lineEdit(), &QLineEdit::editingFinished, this,
            [this] { follow(m_follow->currentText()); });

    auto *zoomIn = new QToolButton(this);
    zoomIn->setText(tr("Zoom in"));
    zoomIn->setToolTip(tr("Zoom in (+ or the mouse wheel)"));
    connect(zoomIn, &QToolButton::clicked, this, [this] { m_view->zoomBy(1.25); });
    auto *zoomOut = new QToolButton(this);
    zoomOut->setText(tr("Zoom out"));
    zoomOut->setToolTip(tr("Zoom out (- or the mouse wheel)"));
    connect(zoomOut, &QToolButton::clicked, this, [this] { m_view->zoomBy(0.8); });
    auto *fit = new QToolButton(this);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Show every object (0)"));
    connect(fit, &QToolButton::clicked, this, [this] {
        follow({});
        m_view->fitObjects();
    });
    auto *followKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), this, nullptr, nullptr,
                                    Qt::WindowShortcut);
    connect(followKey, &QShortcut::activated, this, [this] { m_follow->setFocus(); });

    auto *bar = new QHBoxLayout;
    auto *zoneLabel = new QLabel(tr("&Zone:"), this);
    zoneLabel->setBuddy(m_picker);
    bar->addWidget(zoneLabel);
    bar->addWidget(m_picker, 1);
    auto *followLabel = new QLabel(tr("F&ollow:"), this);
    followLabel->setBuddy(m_follow);
    bar->addWidget(followLabel);
    bar->addWidget(m_follow);
    bar->addWidget(zoomIn);
    bar->addWidget(zoomOut);
    bar->addWidget(fit);

    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_stats);

    connect(m_picker, &ZonePicker::zoneChosen, this, &PhysicsPage::zoneChosen);
    connect(&m_monitor, &ZoneMonitor::zonesUpdated, this, &PhysicsPage::zonesUpdated);
    connect(m_spectator, &ZoneSpectator::snapshot, m_scene, &ZoneScene::applySnapshot);
    connect(m_spectator, &ZoneSpectator::changed, m_scene, [this](const QList<QJsonObject> &objects) {
        ++m_updates;
        m_scene->applyChanges(objects);
    });
    connect(m_spectator, &ZoneSpectator::removed, m_scene, &ZoneScene::removeObjects);
    connect(m_spectator, &ZoneSpectator::eventReceived, this, [this](const QJsonObject &event) {
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("collision"))
            m_scene->flashCollision(event.value(QStringLiteral("id")).toInteger(),
                                    event.value(QStringLiteral("other")).toInteger());
    });
    connect(m_spectator, &ZoneSpectator::watching, this, [this] {
        m_error.clear();
        updateEmptyState();
    });
    connect(m_spectator, &ZoneSpectator::failed, this, [this](const QString &message) {
        m_error = message;
        updateEmptyState();
        objectsChanged();
    });
    auto *rate = new QTimer(this);
    rate->setInterval(1000);
    connect(rate, &QTimer::timeout, this, [this] {
        m_updatesPerSecond = std::exchange(m_updates, 0);
        if (!m_zone.isEmpty())
            objectsChanged();
    });
    rate->start();
    // The spectator connection carries the session: a new login opens it again (zonesUpdated).
    connect(&m_connection, &ClusterConnection::loggedOut, this, [this] { m_spectator->setZone({}); });
    connect(m_scene, &ZoneScene::objectsChanged, this, &PhysicsPage::objectsChanged);
    connect(m_view, &PhysicsView::userMoved, this, [this] {
        if (!m_followed.isEmpty())
            follow({});
    });
    updateEmptyState();
}

bool PhysicsPage::watchZone(const QString &zoneId)
{
    return m_picker->setZoneId(zoneId);
}

void PhysicsPage::zoneChosen(const QString &zoneId)
{
    m_zone = zoneId;
    m_error.clear();
    m_scene->clearObjects();
    m_fitPending = true;
    m_spectator->setZone(zoneId.isEmpty() ? QUrl() : m_monitor.urlOf(zoneId));
    updateEmptyState();
}

void PhysicsPage::zonesUpdated()
{
    // A restarted zone keeps its id but may get another port.
    if (!m_zone.isEmpty()) {
        const QUrl url = m_monitor.urlOf(m_zone);
        if (!url.isEmpty() && url != m_spectator->zone())
            m_spectator->setZone(url);
    }
    updateEmptyState();
}

void PhysicsPage::objectsChanged()
{
    if (m_fitPending && m_scene->objectCount() > 0) {
        m_fitPending = false;
        m_view->fitObjects();
    }
    if (!m_followed.isEmpty())
        if (const ObjectItem *item = m_scene->findByName(m_followed))
            m_view->centerOn(item);
    const QString stream = m_spectator->isWatching()
                               ? tr("live, %1 updates per second").arg(m_updatesPerSecond)
                               : tr("not connected");
    m_stats->setText(tr("Objects: %1 · players: %2 · collisions: %3 · stream: %4")
                         .arg(m_scene->objectCount())
                         .arg(m_scene->playerCount())
                         .arg(m_scene->collisionsSeen())
                         .arg(stream));
    updateFollowChoices();
    updateEmptyState();
}

void PhysicsPage::updateFollowChoices()
{
    const QStringList players = m_scene->playerNames();
    QStringList shown;
    for (int i = 0; i < m_follow->count(); ++i)
        shown.append(m_follow->itemText(i));
    if (shown == players)
        return;
    const QSignalBlocker blocker(m_follow);
    const QString text = m_follow->currentText();
    m_follow->clear();
    m_follow->addItems(players);
    m_follow->setCurrentText(text);
}

void PhysicsPage::follow(const QString &name)
{
    m_followed = name.trimmed();
    if (m_follow->currentText() != m_followed) {
        const QSignalBlocker blocker(m_follow);
        m_follow->setCurrentText(m_followed);
    }
    if (m_followed.isEmpty())
        return;
    if (const ObjectItem *item = m_scene->findByName(m_followed))
        m_view->centerOn(item);
    else
        emit notify(tr("%1 is not in this zone (yet); the view will follow it when it is.").arg(m_followed),
                    false);
}

void PhysicsPage::updateEmptyState()
{
    if (!m_connection.isLoggedIn())
        m_empty->showMessage(tr("Not connected."));
    else if (m_zone.isEmpty())
        m_empty->showMessage(m_monitor.runningZoneIds().isEmpty()
                                 ? tr("No zone is running. Start one on the Zones page.")
                                 : tr("Pick a running zone above to watch its objects live."));
    else if (!m_error.isEmpty() && m_scene->objectCount() == 0)
        m_empty->showMessage(tr("Cannot read the objects of %1: %2").arg(m_zone, m_error));
    else if (m_scene->objectCount() == 0)
        m_empty->showMessage(tr("%1 has no objects.").arg(m_zone));
    else
        m_empty->showContent();
}

} // namespace smmo::admin
