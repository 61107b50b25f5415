// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeWidget;

namespace smmo::admin {

class CharacterInspector;
class ClusterConnection;
class EmptyState;
class ZoneMonitor;

/// The Characters page: search characters by the start of their name or by their account on the
/// CharServer, inspect one, and (as an administrator) move it to another zone or edit its stats,
/// each after a confirmation.
class CharactersPage : public QWidget
{
    Q_OBJECT
public:
    enum class SearchBy { Name, Account };

    CharactersPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    CharacterInspector *inspector() const { return m_inspector; }
    QLineEdit *searchEdit() const { return m_search; }
    QComboBox *searchMode() const { return m_mode; }
    QTreeWidget *results() const { return m_results; }
    /// The names the last search found, in order.
    QStringList resultNames() const;

    /// GET /admin/characters on the CharServer: by name prefix or by account. The characters found
    /// are listed; one that matches exactly, or the only one found, is shown.
    void search(const QString &text, SearchBy by);
    /// GET /<name> on the CharServer.
    void lookUp(const QString &name);
    /// Asks, then writes `update` (a `POST /<name>` body) and shows the answer.
    void applyUpdate(const QString &name, const QJsonObject &update, const QString &question);
    /// Asks, optionally kicks the character from the zone it is online in, then moves it.
    void moveCharacter(const QString &name, const QString &zone, double x, double y, double z,
                       bool kickFirst);
    /// Asks, then merges `changes` into the character's stats (null removes a stat).
    void changeStats(const QString &name, const QJsonObject &changes);

signals:
    void notify(const QString &text, bool isError);
    void characterShown(const QJsonObject &character);
    void lookUpFailed(const QString &message);
    void characterUpdated(const QJsonObject &character);
    /// A search answered: `found` characters (-1 when it failed), `message` saying so.
    void searchFinished(int found, const QString &message);

private:
    void openMoveDialog();
    void openStatsDialog();
    void writeUpdate(const QString &name, const QJsonObject &update);
    /// Writes `update` once the character's record says it is offline (asked up to `attemptsLeft`
    /// more times, 200 ms apart), or anyway after that.
    void writeWhenOffline(const QString &name, const QJsonObject &update, int attemptsLeft);
    void remember(const QString &name);
    void updateButtons();
    void showResults(const QJsonArray &characters);
    void searchFailed(const QString &message);

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    QComboBox *m_mode;
    QLineEdit *m_search;
    QTreeWidget *m_results;
    QListWidget *m_recent;
    CharacterInspector *m_inspector;
    EmptyState *m_empty;
    QPushButton *m_refresh;
    QPushButton *m_move;
    QPushButton *m_stats;
};

} // namespace smmo::admin
