// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace smmo {

class ScriptEngine;

/// Hot reload: watches the scripts directory and each script in it (QFileSystemWatcher) and has
/// the engine reload a script once its file has been quiet for a moment, so a half-written file
/// is not compiled. Editors that save by writing a new file and renaming it over the old one are
/// followed through the directory's notifications.
class ScriptWatcher : public QObject
{
    Q_OBJECT
public:
    ScriptWatcher(ScriptEngine &engine, const QString &directory, int quietMs, QObject *parent = nullptr);

    QStringList watchedFiles() const { return m_watcher.files(); }

private:
    void directoryChanged();
    void fileChanged(const QString &path);
    void reloadPending();

    ScriptEngine &m_engine;
    QString m_directory;
    QFileSystemWatcher m_watcher;
    QTimer m_quiet;
    QSet<QString> m_pending; ///< script names whose file changed
};

} // namespace smmo
