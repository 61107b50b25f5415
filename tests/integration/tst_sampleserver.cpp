// SPDX-License-Identifier: AGPL-3.0-or-later
// The sample server as a real process: common/ serves the shared routes on a port given on the
// command line, picks a free port with --port 0, and stops gracefully on SIGTERM.
#include "HttpTestClient.h"
#include "ServerProcess.h"

#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo::test;

class TestSampleServer : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;

    QStringList baseArgs() const { return {QStringLiteral("--data-dir"), m_data.path()}; }

private slots:
    void portFromCommandLine()
    {
        QTcpServer probe; // find a free port, then hand it to the server on its command line
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        ServerProcess server(binaryPath(QStringLiteral("simplemmo-sampleserver")),
                             baseArgs() << QStringLiteral("--port") << QString::number(port));
        QVERIFY2(server.start(), qPrintable(server.output()));
        QCOMPARE(server.url().port(), int(port));

        HttpTestClient client(server.url());
        auto r = client.get(QStringLiteral("/ping"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("pong"));

        r = client.get(QStringLiteral("/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("role")).toString(), QStringLiteral("sampleserver"));
        QCOMPARE(r.json().object().value(QStringLiteral("ready")).toBool(), true);

        r = client.get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("simplemmo_http_requests_total{role=\"sampleserver\",route=\"/ping\""));

        r = client.get(QStringLiteral("/source"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/gzip"));
        QVERIFY(r.header("Content-Disposition").contains("simplemmo-"));

        // The archive holds this very source tree.
        QTemporaryDir unpack;
        QFile archive(unpack.filePath(QStringLiteral("src.tar.gz")));
        QVERIFY(archive.open(QIODevice::WriteOnly));
        archive.write(r.body);
        archive.close();
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("tzf"), archive.fileName()});
        QVERIFY(tar.waitForFinished(30000));
        const QString listing = QString::fromUtf8(tar.readAllStandardOutput());
        QVERIFY2(listing.contains(QStringLiteral("/common/HttpServer.cpp")), qPrintable(listing.left(500)));
        QVERIFY(listing.contains(QStringLiteral("/LICENSE")));

        QCOMPARE(server.stop(), 0); // SIGTERM is a clean shutdown
    }

    void freePortAndEcho()
    {
        ServerProcess server(binaryPath(QStringLiteral("simplemmo-sampleserver")),
                             baseArgs() << QStringLiteral("--port=0"));
        QVERIFY2(server.start(), qPrintable(server.output()));
        QVERIFY(server.url().port() > 0);
        HttpTestClient client(server.url());
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("a"), QStringLiteral("b"));
        const auto r = client.postForm(QStringLiteral("/echo"), form);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("fields")).toObject().value(QStringLiteral("a")).toString(),
                 QStringLiteral("b"));
        QCOMPARE(client.get(QStringLiteral("/hello/you")).json().object().value(QStringLiteral("greeting")).toString(),
                 QStringLiteral("Hello, you!"));
    }

    void helpVersionAndBadOptions()
    {
        QProcess p;
        p.start(binaryPath(QStringLiteral("simplemmo-sampleserver")), {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("--port"));

        p.start(binaryPath(QStringLiteral("simplemmo-sampleserver")), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("sampleserver"));

        p.start(binaryPath(QStringLiteral("simplemmo-sampleserver")), {QStringLiteral("--port=notaport")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("Invalid port"));
    }

    void portInUseIsAClearError()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        ServerProcess server(binaryPath(QStringLiteral("simplemmo-sampleserver")),
                             baseArgs() << QStringLiteral("--port") << QString::number(squatter.serverPort()));
        QVERIFY(!server.start(15000));
        QTRY_VERIFY_WITH_TIMEOUT(!server.isRunning(), 10000);
        QVERIFY2(server.output().contains(QStringLiteral("Cannot listen")), qPrintable(server.output()));
    }
};

QTEST_GUILESS_MAIN(TestSampleServer)
#include "tst_sampleserver.moc"
