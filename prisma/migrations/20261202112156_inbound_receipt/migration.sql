-- CreateTable
CREATE TABLE "InboundReceipt" (
    "providerMessageId" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "calledNumber" TEXT,
    "body" TEXT NOT NULL,
    "optOutType" TEXT,
    "reference" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "arrival" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "InboundReceipt_receivedAt_arrival_idx" ON "InboundReceipt"("receivedAt", "arrival");
